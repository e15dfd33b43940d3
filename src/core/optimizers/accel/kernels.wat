;; LR Lab's accelerated optimizer steps: the loops of adamStep, sgdStep and rmspropStep
;; (src/core/optimizers/<name>.ts, the specification) with two float64 lanes per instruction
;; (WebAssembly SIMD, f64x2). `npm run build` compiles this file to dist/accel.wasm.
;;
;; Bit-identical to the scalar kernels: every lane performs the same IEEE-754 operations in
;; the same order as the TypeScript loop body (add, sub, mul, div, sqrt and max are correctly
;; rounded, no fused multiply-add, no reciprocal shortcut), and the branches test the same
;; conditions, passed in as flags. Scalars that the kernels compute once per step (bias
;; corrections, 1 − β, …) are computed by the caller with the kernels' own expressions.
;;
;; Every function has the same signature — five array addresses, start, end, flags, eight
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

  ;; sgdStep. flags: 1 = weightDecay ≠ 0, 2 = momentum ≠ 0, 4 = first step, 8 = nesterov.
  ;; d ← grad (+ λ·p);  momentum: b ← d (first step) or μ·b + (1 − τ)·d;  d ← d + μ·b (nesterov)
  ;; or b;  p ← p − lr·d
  (func (export "sgd")
    (param $p i32) (param $g i32) (param $buf i32) (param $unused3 i32) (param $unused4 i32)
    (param $start i32) (param $end i32) (param $flags i32)
    (param $lr f64) (param $momentum f64) (param $keep f64) (param $weightDecay f64)
    (param $unused12 f64) (param $unused13 f64) (param $unused14 f64) (param $unused15 f64)
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
)
