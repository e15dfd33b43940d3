;; LR Lab's accelerated optimizer steps: the loops of adamStep, sgdStep, rmspropStep, radamStep,
;; rpropStep, asgdStep, lionStep, sgdScheduleFreeStep and adamwScheduleFreeStep
;; (src/core/optimizers/<name>.ts, the specification) with two float64 lanes per instruction
;; (WebAssembly SIMD, f64x2). `npm run build` compiles this file to dist/accel.wasm.
;;
;; Bit-identical to the scalar kernels: every lane performs the same IEEE-754 operations in
;; the same order as the TypeScript loop body (add, sub, mul, div, sqrt and max are correctly
;; rounded, no fused multiply-add, no reciprocal shortcut), and the branches test the same
;; conditions, passed in as flags. Scalars that the kernels compute once per step (bias
;; corrections, 1 − β, …) are computed by the caller with the kernels' own expressions.
;;
;; Every function has the same signature — five array addresses, start, end, flags, twelve
;; scalars; a kernel that needs fewer ignores the rest — so the caller and the helper threads
;; dispatch to any of them alike. It updates elements [start, end) of arrays given by the byte
;; address of their element 0 in the shared memory. start and end are even: the arrays are allocated with
;; room for an even number of elements (see memory.ts), so the loop needs no scalar tail; the
;; padding lane is never visible through the caller's Float64Array views.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; adamStep. flags: 1 = weightDecay ≠ 0, 2 = amsgrad.
  ;; g ← grad (+ λ·p);  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g·g
  ;; (amsgrad: v ← max(v_max, v); v_max ← v);  p ← p − (stepSize·m) / (√v / √(1 − β₂ᵗ) + ε)
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $stepSize f64) (param $biasCorrection2Sqrt f64) (param $eps f64) (param $weightDecay f64)
    (param $unused16 f64) (param $unused17 f64) (param $unused18 f64) (param $unused19 f64)
    (local $o i32) (local $stop i32) (local $decay i32) (local $ams i32)
    (local $B1 v128) (local $OMB1 v128) (local $B2 v128) (local $OMB2 v128)
    (local $SS v128) (local $BC2 v128) (local $EPS v128) (local $WD v128)
    (local $G v128) (local $M v128) (local $V v128)
    (local.set $decay (i32.and (local.get $flags) (i32.const 1)))
    (local.set $ams (i32.and (local.get $flags) (i32.const 2)))
    (local.set $B1 (f64x2.splat (local.get $beta1)))
    (local.set $OMB1 (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $B2 (f64x2.splat (local.get $beta2)))
    (local.set $OMB2 (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $SS (f64x2.splat (local.get $stepSize)))
    (local.set $BC2 (f64x2.splat (local.get $biasCorrection2Sqrt)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $decay)
          (then
            (local.set $G (f64x2.add (local.get $G)
              (f64x2.mul (local.get $WD) (v128.load (i32.add (local.get $p) (local.get $o))))))))
        (local.set $M (f64x2.add
          (f64x2.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $o))))
          (f64x2.mul (local.get $OMB1) (local.get $G))))
        (local.set $V (f64x2.add
          (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o))))
          (f64x2.mul (f64x2.mul (local.get $OMB2) (local.get $G)) (local.get $G))))
        (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $M))
        (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $V))
        (if (local.get $ams)
          (then
            (local.set $V (f64x2.max (v128.load (i32.add (local.get $vmax) (local.get $o))) (local.get $V)))
            (v128.store (i32.add (local.get $vmax) (local.get $o)) (local.get $V))))
        (v128.store (i32.add (local.get $p) (local.get $o))
          (f64x2.sub
            (v128.load (i32.add (local.get $p) (local.get $o)))
            (f64x2.div
              (f64x2.mul (local.get $SS) (local.get $M))
              (f64x2.add (f64x2.div (f64x2.sqrt (local.get $V)) (local.get $BC2)) (local.get $EPS)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; sgdStep's two commonest cases, each its own loop without a branch inside: momentum after the
  ;; first step, no Nesterov, with or without weight decay (flags 2 and 3 of "sgd" below). The
  ;; branchy loop of "sgd" ran a 10⁶-element step at ~60% of this speed in V8, which does not
  ;; hoist a loop-invariant branch out of a loop. Four pairs per turn, addressed through moving
  ;; pointers with constant offsets, then single pairs to the end. $pp, $gp, $bp: byte addresses
  ;; of the first pair of params, grad and buffer; $stop: params' address after the last pair.
  ;; b ← μ·b + (1 − τ)·g;  p ← p − lr·b
  (func $sgdMomentum
    (param $pp i32) (param $gp i32) (param $bp i32) (param $stop i32)
    (param $lr f64) (param $momentum f64) (param $keep f64)
    (local $LR v128) (local $MU v128) (local $KEEP v128)
    (local $B0 v128) (local $B1 v128) (local $B2 v128) (local $B3 v128)
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $MU (f64x2.splat (local.get $momentum)))
    (local.set $KEEP (f64x2.splat (local.get $keep)))
    (block $done
      (loop $quads
        (br_if $done (i32.lt_u (i32.sub (local.get $stop) (local.get $pp)) (i32.const 64)))
        (local.set $B0 (f64x2.add (f64x2.mul (local.get $MU) (v128.load (local.get $bp))) (f64x2.mul (local.get $KEEP) (v128.load (local.get $gp)))))
        (local.set $B1 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=16 (local.get $bp))) (f64x2.mul (local.get $KEEP) (v128.load offset=16 (local.get $gp)))))
        (local.set $B2 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=32 (local.get $bp))) (f64x2.mul (local.get $KEEP) (v128.load offset=32 (local.get $gp)))))
        (local.set $B3 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=48 (local.get $bp))) (f64x2.mul (local.get $KEEP) (v128.load offset=48 (local.get $gp)))))
        (v128.store (local.get $bp) (local.get $B0))
        (v128.store offset=16 (local.get $bp) (local.get $B1))
        (v128.store offset=32 (local.get $bp) (local.get $B2))
        (v128.store offset=48 (local.get $bp) (local.get $B3))
        (v128.store (local.get $pp) (f64x2.sub (v128.load (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B0))))
        (v128.store offset=16 (local.get $pp) (f64x2.sub (v128.load offset=16 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B1))))
        (v128.store offset=32 (local.get $pp) (f64x2.sub (v128.load offset=32 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B2))))
        (v128.store offset=48 (local.get $pp) (f64x2.sub (v128.load offset=48 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B3))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 64)))
        (local.set $gp (i32.add (local.get $gp) (i32.const 64)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 64)))
        (br $quads)))
    (block $tailDone
      (loop $pairs
        (br_if $tailDone (i32.ge_u (local.get $pp) (local.get $stop)))
        (local.set $B0 (f64x2.add (f64x2.mul (local.get $MU) (v128.load (local.get $bp))) (f64x2.mul (local.get $KEEP) (v128.load (local.get $gp)))))
        (v128.store (local.get $bp) (local.get $B0))
        (v128.store (local.get $pp) (f64x2.sub (v128.load (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B0))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
        (local.set $gp (i32.add (local.get $gp) (i32.const 16)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
        (br $pairs))))
  ;; g ← grad + λ·p;  b ← μ·b + (1 − τ)·g;  p ← p − lr·b
  (func $sgdMomentumDecay
    (param $pp i32) (param $gp i32) (param $bp i32) (param $stop i32)
    (param $lr f64) (param $momentum f64) (param $keep f64) (param $weightDecay f64)
    (local $LR v128) (local $MU v128) (local $KEEP v128) (local $WD v128)
    (local $B0 v128) (local $B1 v128) (local $B2 v128) (local $B3 v128)
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $MU (f64x2.splat (local.get $momentum)))
    (local.set $KEEP (f64x2.splat (local.get $keep)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (block $done
      (loop $quads
        (br_if $done (i32.lt_u (i32.sub (local.get $stop) (local.get $pp)) (i32.const 64)))
        (local.set $B0 (f64x2.add (f64x2.mul (local.get $MU) (v128.load (local.get $bp))) (f64x2.mul (local.get $KEEP) (f64x2.add (v128.load (local.get $gp)) (f64x2.mul (local.get $WD) (v128.load (local.get $pp)))))))
        (local.set $B1 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=16 (local.get $bp))) (f64x2.mul (local.get $KEEP) (f64x2.add (v128.load offset=16 (local.get $gp)) (f64x2.mul (local.get $WD) (v128.load offset=16 (local.get $pp)))))))
        (local.set $B2 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=32 (local.get $bp))) (f64x2.mul (local.get $KEEP) (f64x2.add (v128.load offset=32 (local.get $gp)) (f64x2.mul (local.get $WD) (v128.load offset=32 (local.get $pp)))))))
        (local.set $B3 (f64x2.add (f64x2.mul (local.get $MU) (v128.load offset=48 (local.get $bp))) (f64x2.mul (local.get $KEEP) (f64x2.add (v128.load offset=48 (local.get $gp)) (f64x2.mul (local.get $WD) (v128.load offset=48 (local.get $pp)))))))
        (v128.store (local.get $bp) (local.get $B0))
        (v128.store offset=16 (local.get $bp) (local.get $B1))
        (v128.store offset=32 (local.get $bp) (local.get $B2))
        (v128.store offset=48 (local.get $bp) (local.get $B3))
        (v128.store (local.get $pp) (f64x2.sub (v128.load (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B0))))
        (v128.store offset=16 (local.get $pp) (f64x2.sub (v128.load offset=16 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B1))))
        (v128.store offset=32 (local.get $pp) (f64x2.sub (v128.load offset=32 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B2))))
        (v128.store offset=48 (local.get $pp) (f64x2.sub (v128.load offset=48 (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B3))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 64)))
        (local.set $gp (i32.add (local.get $gp) (i32.const 64)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 64)))
        (br $quads)))
    (block $tailDone
      (loop $pairs
        (br_if $tailDone (i32.ge_u (local.get $pp) (local.get $stop)))
        (local.set $B0 (f64x2.add (f64x2.mul (local.get $MU) (v128.load (local.get $bp))) (f64x2.mul (local.get $KEEP) (f64x2.add (v128.load (local.get $gp)) (f64x2.mul (local.get $WD) (v128.load (local.get $pp)))))))
        (v128.store (local.get $bp) (local.get $B0))
        (v128.store (local.get $pp) (f64x2.sub (v128.load (local.get $pp)) (f64x2.mul (local.get $LR) (local.get $B0))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
        (local.set $gp (i32.add (local.get $gp) (i32.const 16)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
        (br $pairs))))

  ;; sgdStep. flags: 1 = weightDecay ≠ 0, 2 = momentum ≠ 0, 4 = first step, 8 = nesterov.
  ;; d ← grad (+ λ·p);  momentum: b ← d (first step) or μ·b + (1 − τ)·d;  d ← d + μ·b (nesterov)
  ;; or b;  p ← p − lr·d
  (func (export "sgd")
    (param $p i32) (param $g i32) (param $buf i32) (param $unused3 i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $lr f64) (param $momentum f64) (param $keep f64) (param $weightDecay f64)
    (param $unused12 f64) (param $unused13 f64) (param $unused14 f64) (param $unused15 f64)
    (param $unused16 f64) (param $unused17 f64) (param $unused18 f64) (param $unused19 f64)
    (local $o i32) (local $stop i32) (local $decay i32) (local $useMomentum i32) (local $first i32) (local $nesterov i32)
    (local $LR v128) (local $MU v128) (local $KEEP v128) (local $WD v128)
    (local $D v128) (local $B v128)
    (local.set $decay (i32.and (local.get $flags) (i32.const 1)))
    (local.set $useMomentum (i32.and (local.get $flags) (i32.const 2)))
    (local.set $first (i32.and (local.get $flags) (i32.const 4)))
    (local.set $nesterov (i32.and (local.get $flags) (i32.const 8)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $MU (f64x2.splat (local.get $momentum)))
    (local.set $KEEP (f64x2.splat (local.get $keep)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    ;; Momentum after the first step without Nesterov: a loop of its own (above).
    (if (i32.eq (i32.and (local.get $flags) (i32.const 14)) (i32.const 2))
      (then
        (if (local.get $decay)
          (then
            (call $sgdMomentumDecay
              (i32.add (local.get $p) (local.get $o)) (i32.add (local.get $g) (local.get $o)) (i32.add (local.get $buf) (local.get $o))
              (i32.add (local.get $p) (local.get $stop)) (local.get $lr) (local.get $momentum) (local.get $keep) (local.get $weightDecay)))
          (else
            (call $sgdMomentum
              (i32.add (local.get $p) (local.get $o)) (i32.add (local.get $g) (local.get $o)) (i32.add (local.get $buf) (local.get $o))
              (i32.add (local.get $p) (local.get $stop)) (local.get $lr) (local.get $momentum) (local.get $keep))))
        (return)))
    ;; Every other case (no momentum, the first step, Nesterov): one loop, branches on the flags.
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $D (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $decay)
          (then
            (local.set $D (f64x2.add (local.get $D)
              (f64x2.mul (local.get $WD) (v128.load (i32.add (local.get $p) (local.get $o))))))))
        (if (local.get $useMomentum)
          (then
            (if (local.get $first)
              (then (local.set $B (local.get $D)))
              (else
                (local.set $B (f64x2.add
                  (f64x2.mul (local.get $MU) (v128.load (i32.add (local.get $buf) (local.get $o))))
                  (f64x2.mul (local.get $KEEP) (local.get $D))))))
            (v128.store (i32.add (local.get $buf) (local.get $o)) (local.get $B))
            (if (local.get $nesterov)
              (then (local.set $D (f64x2.add (local.get $D) (f64x2.mul (local.get $MU) (local.get $B)))))
              (else (local.set $D (local.get $B))))))
        (v128.store (i32.add (local.get $p) (local.get $o))
          (f64x2.sub
            (v128.load (i32.add (local.get $p) (local.get $o)))
            (f64x2.mul (local.get $LR) (local.get $D))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; rmspropStep. flags: 1 = weightDecay ≠ 0, 2 = centered, 4 = momentum > 0.
  ;; g ← grad (+ λ·p);  v ← α·v + (1 − α)·g·g;  d ← √v + ε, or centered: ḡ ← α·ḡ + (1 − α)·g,
  ;; d ← √(v − ḡ·ḡ) + ε;  momentum: b ← μ·b + g/d, p ← p − lr·b;  else p ← p − (lr·g)/d
  (func (export "rmsprop")
    (param $p i32) (param $g i32) (param $sq i32) (param $buf i32) (param $avg i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $lr f64) (param $alpha f64) (param $oneMinusAlpha f64) (param $eps f64)
    (param $momentum f64) (param $weightDecay f64) (param $unused14 f64) (param $unused15 f64)
    (param $unused16 f64) (param $unused17 f64) (param $unused18 f64) (param $unused19 f64)
    (local $o i32) (local $stop i32) (local $decay i32) (local $centered i32) (local $useMomentum i32)
    (local $LR v128) (local $ALPHA v128) (local $OMA v128) (local $EPS v128) (local $MU v128) (local $WD v128)
    (local $G v128) (local $V v128) (local $M v128) (local $D v128) (local $B v128)
    (local.set $decay (i32.and (local.get $flags) (i32.const 1)))
    (local.set $centered (i32.and (local.get $flags) (i32.const 2)))
    (local.set $useMomentum (i32.and (local.get $flags) (i32.const 4)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $ALPHA (f64x2.splat (local.get $alpha)))
    (local.set $OMA (f64x2.splat (local.get $oneMinusAlpha)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $MU (f64x2.splat (local.get $momentum)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $decay)
          (then
            (local.set $G (f64x2.add (local.get $G)
              (f64x2.mul (local.get $WD) (v128.load (i32.add (local.get $p) (local.get $o))))))))
        (local.set $V (f64x2.add
          (f64x2.mul (local.get $ALPHA) (v128.load (i32.add (local.get $sq) (local.get $o))))
          (f64x2.mul (f64x2.mul (local.get $OMA) (local.get $G)) (local.get $G))))
        (v128.store (i32.add (local.get $sq) (local.get $o)) (local.get $V))
        (if (local.get $centered)
          (then
            (local.set $M (f64x2.add
              (f64x2.mul (local.get $ALPHA) (v128.load (i32.add (local.get $avg) (local.get $o))))
              (f64x2.mul (local.get $OMA) (local.get $G))))
            (v128.store (i32.add (local.get $avg) (local.get $o)) (local.get $M))
            (local.set $D (f64x2.add
              (f64x2.sqrt (f64x2.sub (local.get $V) (f64x2.mul (local.get $M) (local.get $M))))
              (local.get $EPS))))
          (else
            (local.set $D (f64x2.add (f64x2.sqrt (local.get $V)) (local.get $EPS)))))
        (if (local.get $useMomentum)
          (then
            (local.set $B (f64x2.add
              (f64x2.mul (local.get $MU) (v128.load (i32.add (local.get $buf) (local.get $o))))
              (f64x2.div (local.get $G) (local.get $D))))
            (v128.store (i32.add (local.get $buf) (local.get $o)) (local.get $B))
            (v128.store (i32.add (local.get $p) (local.get $o))
              (f64x2.sub
                (v128.load (i32.add (local.get $p) (local.get $o)))
                (f64x2.mul (local.get $LR) (local.get $B)))))
          (else
            (v128.store (i32.add (local.get $p) (local.get $o))
              (f64x2.sub
                (v128.load (i32.add (local.get $p) (local.get $o)))
                (f64x2.div (f64x2.mul (local.get $LR) (local.get $G)) (local.get $D))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))
  ;; Math.sign(x) lane by lane, bit for bit: ±1 with x's sign, but ±0 and NaN stay themselves.
  (func $sign (param $x v128) (result v128)
    (v128.bitselect
      (v128.or (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)) (v128.const f64x2 1 1))
      (local.get $x)
      (v128.and (f64x2.ne (local.get $x) (v128.const f64x2 0 0)) (f64x2.eq (local.get $x) (local.get $x)))))

  ;; radamStep. flags: 1 = coupled weight decay (g ← g + λ·p), 2 = decoupled decay (p ← p·decay),
  ;; 4 = rectified (ρₜ > 5). g ← grad (+ λ·p);  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g·g;
  ;; rectified: p ← p − (m/bc₁)·lr·(√bc₂ / (√v + ε))·r;  else p ← p − (m/bc₁)·lr
  (func (export "radam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $bc1 f64) (param $lr f64) (param $bc2Sqrt f64) (param $rect f64)
    (param $eps f64) (param $weightDecay f64) (param $decay f64) (param $unused19 f64)
    (local $o i32) (local $stop i32) (local $coupled i32) (local $decoupled i32) (local $rectified i32)
    (local $B1 v128) (local $OMB1 v128) (local $B2 v128) (local $OMB2 v128) (local $BC1 v128) (local $LR v128)
    (local $BC2S v128) (local $RECT v128) (local $EPS v128) (local $WD v128) (local $DECAY v128)
    (local $G v128) (local $P v128) (local $M v128) (local $V v128) (local $STEP v128)
    (local.set $coupled (i32.and (local.get $flags) (i32.const 1)))
    (local.set $decoupled (i32.and (local.get $flags) (i32.const 2)))
    (local.set $rectified (i32.and (local.get $flags) (i32.const 4)))
    (local.set $B1 (f64x2.splat (local.get $beta1)))
    (local.set $OMB1 (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $B2 (f64x2.splat (local.get $beta2)))
    (local.set $OMB2 (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $BC1 (f64x2.splat (local.get $bc1)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $BC2S (f64x2.splat (local.get $bc2Sqrt)))
    (local.set $RECT (f64x2.splat (local.get $rect)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $P (v128.load (i32.add (local.get $p) (local.get $o))))
        (if (local.get $coupled)
          (then (local.set $G (f64x2.add (local.get $G) (f64x2.mul (local.get $WD) (local.get $P)))))
          (else
            (if (local.get $decoupled)
              (then (local.set $P (f64x2.mul (local.get $P) (local.get $DECAY)))))))
        (local.set $M (f64x2.add
          (f64x2.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $o))))
          (f64x2.mul (local.get $OMB1) (local.get $G))))
        (local.set $V (f64x2.add
          (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o))))
          (f64x2.mul (f64x2.mul (local.get $OMB2) (local.get $G)) (local.get $G))))
        (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $M))
        (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $V))
        (local.set $STEP (f64x2.mul (f64x2.div (local.get $M) (local.get $BC1)) (local.get $LR)))
        (if (local.get $rectified)
          (then
            (local.set $STEP (f64x2.mul
              (f64x2.mul (local.get $STEP)
                (f64x2.div (local.get $BC2S) (f64x2.add (f64x2.sqrt (local.get $V)) (local.get $EPS))))
              (local.get $RECT)))))
        (v128.store (i32.add (local.get $p) (local.get $o)) (f64x2.sub (local.get $P) (local.get $STEP)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; rpropStep (after the first step's step sizes are set to lr). a ← g·prev;  Δ ← Δ·η⁺ (a > 0),
  ;; Δ·η⁻ and g ← 0 (a < 0), Δ·a (NaN), Δ·1 (0);  Δ ← min(max(Δ, Γmin), Γmax);  p ← p − sign(g)·Δ;  prev ← g
  (func (export "rprop")
    (param $p i32) (param $g i32) (param $prev i32) (param $size i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $etaMinus f64) (param $etaPlus f64) (param $min f64) (param $max f64)
    (param $u12 f64) (param $u13 f64) (param $u14 f64) (param $u15 f64)
    (param $u16 f64) (param $u17 f64) (param $u18 f64) (param $u19 f64)
    (local $o i32) (local $stop i32)
    (local $EM v128) (local $EP v128) (local $MIN v128) (local $MAX v128)
    (local $G v128) (local $A v128) (local $DELTA v128) (local $FACTOR v128) (local $FLIP v128)
    (local.set $EM (f64x2.splat (local.get $etaMinus)))
    (local.set $EP (f64x2.splat (local.get $etaPlus)))
    (local.set $MIN (f64x2.splat (local.get $min)))
    (local.set $MAX (f64x2.splat (local.get $max)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $A (f64x2.mul (local.get $G) (v128.load (i32.add (local.get $prev) (local.get $o)))))
        (local.set $FLIP (f64x2.lt (local.get $A) (v128.const f64x2 0 0)))
        ;; η⁺ where a > 0, η⁻ where a < 0, a itself where a is NaN, 1 where a = 0.
        (local.set $FACTOR
          (v128.bitselect (local.get $EP)
            (v128.bitselect (local.get $EM)
              (v128.bitselect (v128.const f64x2 1 1) (local.get $A) (f64x2.eq (local.get $A) (local.get $A)))
              (local.get $FLIP))
            (f64x2.gt (local.get $A) (v128.const f64x2 0 0))))
        (local.set $DELTA (f64x2.min
          (f64x2.max (f64x2.mul (v128.load (i32.add (local.get $size) (local.get $o))) (local.get $FACTOR)) (local.get $MIN))
          (local.get $MAX)))
        (local.set $G (v128.bitselect (v128.const f64x2 0 0) (local.get $G) (local.get $FLIP)))
        (v128.store (i32.add (local.get $size) (local.get $o)) (local.get $DELTA))
        (v128.store (i32.add (local.get $p) (local.get $o))
          (f64x2.sub (v128.load (i32.add (local.get $p) (local.get $o))) (f64x2.mul (call $sign (local.get $G)) (local.get $DELTA))))
        (v128.store (i32.add (local.get $prev) (local.get $o)) (local.get $G))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; asgdStep. flags: 1 = weightDecay ≠ 0, 2 = averaging (μ ≠ 1).
  ;; g ← grad (+ λ·p);  p ← p·decay + (−η)·g;  x̄ ← x̄ + (p − x̄)·μ (averaging), else x̄ ← p
  (func (export "asgd")
    (param $p i32) (param $g i32) (param $ax i32) (param $unused3 i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $decay f64) (param $negEta f64) (param $mu f64) (param $weightDecay f64)
    (param $u12 f64) (param $u13 f64) (param $u14 f64) (param $u15 f64)
    (param $u16 f64) (param $u17 f64) (param $u18 f64) (param $u19 f64)
    (local $o i32) (local $stop i32) (local $wd i32) (local $averaging i32)
    (local $DECAY v128) (local $NEGETA v128) (local $MU v128) (local $WD v128)
    (local $G v128) (local $P v128) (local $AX v128)
    (local.set $wd (i32.and (local.get $flags) (i32.const 1)))
    (local.set $averaging (i32.and (local.get $flags) (i32.const 2)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $NEGETA (f64x2.splat (local.get $negEta)))
    (local.set $MU (f64x2.splat (local.get $mu)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $P (v128.load (i32.add (local.get $p) (local.get $o))))
        (if (local.get $wd)
          (then (local.set $G (f64x2.add (local.get $G) (f64x2.mul (local.get $WD) (local.get $P))))))
        (local.set $P (f64x2.add (f64x2.mul (local.get $P) (local.get $DECAY)) (f64x2.mul (local.get $NEGETA) (local.get $G))))
        (v128.store (i32.add (local.get $p) (local.get $o)) (local.get $P))
        (if (local.get $averaging)
          (then
            (local.set $AX (v128.load (i32.add (local.get $ax) (local.get $o))))
            (v128.store (i32.add (local.get $ax) (local.get $o))
              (f64x2.add (local.get $AX) (f64x2.mul (f64x2.sub (local.get $P) (local.get $AX)) (local.get $MU)))))
          (else (v128.store (i32.add (local.get $ax) (local.get $o)) (local.get $P))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; lionStep. c ← β₁·m + (1 − β₁)·g;  p ← p·decay − lr·sign(c);  m ← β₂·m + (1 − β₂)·g
  (func (export "lion")
    (param $p i32) (param $g i32) (param $m i32) (param $unused3 i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $decay f64) (param $lr f64) (param $u14 f64) (param $u15 f64)
    (param $u16 f64) (param $u17 f64) (param $u18 f64) (param $u19 f64)
    (local $o i32) (local $stop i32)
    (local $B1 v128) (local $OMB1 v128) (local $B2 v128) (local $OMB2 v128) (local $DECAY v128) (local $LR v128)
    (local $G v128) (local $M v128) (local $C v128)
    (local.set $B1 (f64x2.splat (local.get $beta1)))
    (local.set $OMB1 (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $B2 (f64x2.splat (local.get $beta2)))
    (local.set $OMB2 (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $M (v128.load (i32.add (local.get $m) (local.get $o))))
        (local.set $C (f64x2.add (f64x2.mul (local.get $B1) (local.get $M)) (f64x2.mul (local.get $OMB1) (local.get $G))))
        (v128.store (i32.add (local.get $p) (local.get $o))
          (f64x2.sub
            (f64x2.mul (v128.load (i32.add (local.get $p) (local.get $o))) (local.get $DECAY))
            (f64x2.mul (local.get $LR) (call $sign (local.get $C)))))
        (v128.store (i32.add (local.get $m) (local.get $o))
          (f64x2.add (f64x2.mul (local.get $B2) (local.get $M)) (f64x2.mul (local.get $OMB2) (local.get $G))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; sgdScheduleFreeStep (after the first step's copies z = x = y). flags: 1 = weightDecay ≠ 0.
  ;; g ← grad (+ λ·y);  z ← z − γ·g;  x ← x·(1 − c) + z·c;  y ← x·β + z·(1 − β)
  (func (export "sgdScheduleFree")
    (param $y i32) (param $g i32) (param $z i32) (param $x i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $lr f64) (param $weightDecay f64) (param $c f64) (param $oneMinusC f64)
    (param $momentum f64) (param $oneMinusMomentum f64) (param $u14 f64) (param $u15 f64)
    (param $u16 f64) (param $u17 f64) (param $u18 f64) (param $u19 f64)
    (local $o i32) (local $stop i32) (local $wd i32)
    (local $LR v128) (local $WD v128) (local $C v128) (local $OMC v128) (local $MOM v128) (local $OMM v128)
    (local $G v128) (local $Z v128) (local $X v128)
    (local.set $wd (i32.and (local.get $flags) (i32.const 1)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $WD (f64x2.splat (local.get $weightDecay)))
    (local.set $C (f64x2.splat (local.get $c)))
    (local.set $OMC (f64x2.splat (local.get $oneMinusC)))
    (local.set $MOM (f64x2.splat (local.get $momentum)))
    (local.set $OMM (f64x2.splat (local.get $oneMinusMomentum)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $wd)
          (then (local.set $G (f64x2.add (local.get $G) (f64x2.mul (local.get $WD) (v128.load (i32.add (local.get $y) (local.get $o))))))))
        (local.set $Z (f64x2.sub (v128.load (i32.add (local.get $z) (local.get $o))) (f64x2.mul (local.get $LR) (local.get $G))))
        (v128.store (i32.add (local.get $z) (local.get $o)) (local.get $Z))
        (local.set $X (f64x2.add
          (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $OMC))
          (f64x2.mul (local.get $Z) (local.get $C))))
        (v128.store (i32.add (local.get $x) (local.get $o)) (local.get $X))
        (v128.store (i32.add (local.get $y) (local.get $o))
          (f64x2.add (f64x2.mul (local.get $X) (local.get $MOM)) (f64x2.mul (local.get $Z) (local.get $OMM))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))

  ;; adamwScheduleFreeStep (after the first step's copies z = x = y). flags: 1 = weightDecay ≠ 0.
  ;; z ← z − (γλ)·y;  v ← β₂·v + (1 − β₂)·g·g;  z ← z + (−γ)·(g / (√(v/bc₂) + ε));
  ;; x ← x·(1 − c) + z·c;  y ← x·β₁ + z·(1 − β₁)
  (func (export "adamwScheduleFree")
    (param $y i32) (param $g i32) (param $z i32) (param $x i32) (param $v i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $bc2 f64) (param $eps f64) (param $negLr f64) (param $decayStep f64)
    (param $c f64) (param $oneMinusC f64) (param $u18 f64) (param $u19 f64)
    (local $o i32) (local $stop i32) (local $wd i32)
    (local $B1 v128) (local $OMB1 v128) (local $B2 v128) (local $OMB2 v128) (local $BC2 v128) (local $EPS v128)
    (local $NEGLR v128) (local $DS v128) (local $C v128) (local $OMC v128)
    (local $G v128) (local $Z v128) (local $V v128) (local $X v128)
    (local.set $wd (i32.and (local.get $flags) (i32.const 1)))
    (local.set $B1 (f64x2.splat (local.get $beta1)))
    (local.set $OMB1 (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $B2 (f64x2.splat (local.get $beta2)))
    (local.set $OMB2 (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $BC2 (f64x2.splat (local.get $bc2)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $NEGLR (f64x2.splat (local.get $negLr)))
    (local.set $DS (f64x2.splat (local.get $decayStep)))
    (local.set $C (f64x2.splat (local.get $c)))
    (local.set $OMC (f64x2.splat (local.get $oneMinusC)))
    (local.set $o (i32.shl (local.get $start) (i32.const 3)))
    (local.set $stop (i32.shl (local.get $end) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $o) (local.get $stop)))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $Z (v128.load (i32.add (local.get $z) (local.get $o))))
        (if (local.get $wd)
          (then (local.set $Z (f64x2.sub (local.get $Z) (f64x2.mul (local.get $DS) (v128.load (i32.add (local.get $y) (local.get $o))))))))
        (local.set $V (f64x2.add
          (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o))))
          (f64x2.mul (f64x2.mul (local.get $OMB2) (local.get $G)) (local.get $G))))
        (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $V))
        (local.set $Z (f64x2.add (local.get $Z)
          (f64x2.mul (local.get $NEGLR)
            (f64x2.div (local.get $G) (f64x2.add (f64x2.sqrt (f64x2.div (local.get $V) (local.get $BC2))) (local.get $EPS))))))
        (v128.store (i32.add (local.get $z) (local.get $o)) (local.get $Z))
        (local.set $X (f64x2.add
          (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $OMC))
          (f64x2.mul (local.get $Z) (local.get $C))))
        (v128.store (i32.add (local.get $x) (local.get $o)) (local.get $X))
        (v128.store (i32.add (local.get $y) (local.get $o))
          (f64x2.add (f64x2.mul (local.get $X) (local.get $B1)) (f64x2.mul (local.get $Z) (local.get $OMB1))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $pairs))))
)
