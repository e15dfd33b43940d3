/**
 * The formula cards' words and the options' docs in the display language. The engine (src/core)
 * knows no language: its cards (src/core/explain) carry the English of the definitions' TSDoc —
 * "Differs from" notes, flavour notes, worked examples and the textbook claims they correct —
 * and each option's `doc`. The borders (the page, `lrlab explain`) word them again here: every
 * such English sentence is listed below as the literal of an `l10n.t` call, which `npm run
 * l10n:export` extracts and the bundle test asks Chinese for; at run time a sentence is looked up
 * by its English (`inDisplayLanguage`), so a sentence the engine changed without its literal
 * here stays English (the page marks it lang="en") and test/unit/shared/cardText.test.ts fails.
 * Math inside a sentence (θ ← θ − γ·g, √(v + ε), 1e-7) is kept as is in every translation.
 * Like catalogText.ts this does not import src/core: the page's program must not pull the engine in.
 */
import * as l10n from '@vscode/l10n';
import { catalogText } from './catalogText';
import type { Card } from './messages/card';

/**
 * The cards' English sentences, each an `l10n.t` literal (with a bundle: their translations).
 * Only for extraction and the test: the cards themselves are worded by `cardInLanguage`.
 */
export function cardSentences(): string[] {
  return [
    // "Differs from Keras / TF.js / Optax" of each optimizer's TSDoc.
    l10n.t('Keras (keras.optimizers.SGD) keeps the lr inside the velocity (v ← μ·v − γ·g; θ ← θ + v), which equals PyTorch\'s rule only while the lr is constant, so the two part ways under a schedule. PyTorch\'s first step copies g into b without dampening.'),
    l10n.t('Keras, TF.js and Optax put ε inside the root (√(sum + ε), ε 1e-7) and start the sum at 0.1; PyTorch adds ε outside the root and starts at 0, so its first step is γ·g/|g| ≈ γ per coordinate.'),
    l10n.t('Keras, TF.js and Optax default to decay 0.9 (PyTorch\'s α is 0.99) and put ε inside the root (√(v + ε)); PyTorch adds it outside. With momentum, Keras and TF.js keep the lr inside the buffer (b ← μ·b + γ·g/d), so they differ from PyTorch when the lr changes. Centered TF.js computes √(v − (ḡ² + ε)).'),
    l10n.t('Keras uses the "ε-hat" form θ ← θ − γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε) with ε 1e-7, so its ε acts larger early on; TF.js uses ε 1e-7; Optax\'s AMSGrad takes the maximum of the bias-corrected v̂. Weight decay here is L2 added to the gradient (decoupled decay is adamw).'),
    l10n.t('adam, where weight decay is L2 added to the gradient and then rescaled by the adaptive denominator. Default decay: Keras 0.004, Optax 1e-4, PyTorch 1e-2. Keras uses the "ε-hat" Adam form and ε 1e-7.'),
    l10n.t('Keras and TF.js default to lr 1e-3, ρ 0.95, ε 1e-7 (PyTorch: lr 1.0, so the plain Zeiler rule). TF.js divides by the previous v (read before it is updated); PyTorch, Keras and Optax use the new one. Optax\'s adadelta(learning_rate=None) applies no sign flip.'),
    l10n.t('Keras and TF.js take u ← max(β₂·u, |g|) and divide by u + ε (ε 1e-7); PyTorch and Optax add ε to |g| inside the maximum. Keras defaults to lr 1e-3.'),
    l10n.t('Keras hard-codes μₜ = β₁(1 − ½·0.96^t) (about 250× faster decay than ψ 4e-3) and uses ε 1e-7, lr 1e-3; Optax\'s nadam has no μ schedule (constant β₁).'),
    l10n.t('the authors\' implementation (LiyuanLucasLiu/RAdam) uses decoupled decay and switches to SGD with momentum below a threshold of 4 or 5 depending on the version; Optax\'s radam has threshold 5 like PyTorch but puts ε as √(v̂ + ε_root) + ε; Keras has no RAdam (TF Addons\' RectifiedAdam adds warm-up and min-lr options). Adam\'s first steps divide by a v̂ estimated from one or two gradients; RAdam\'s do not.'),
    l10n.t('the paper and Hugging Face / Optax / Keras implementations add ε₁ (1e-30) to G² inside the factors and use ε₁ nowhere else; PyTorch floors V̂ at ε₁² instead. The paper caps ρₜ at 0.01, PyTorch at lr (default 0.01, so the same by default). No first moment (β₁) here; Optax and Hugging Face offer one. PyTorch\'s default eps (None, 1e-3) follows the paper\'s ε₂.'),
    l10n.t('iRprop⁻ in the literature (Igel & Hüsken), which this is — the original Rprop undoes the previous step on a sign flip (backtracking), PyTorch does not. Optax and Keras have no Rprop. Like every sign method it is meant for full-batch gradients: mini-batch noise flips signs at random and shrinks every Δ.'),
    l10n.t('the textbook ASGD averages from the start (t₀ = 0); PyTorch\'s default t₀ defers it. Optax and Keras have no ASGD (Keras\' average-style EMA wrappers average with a fixed decay instead of 1/t).'),
    l10n.t('SciPy\'s L-BFGS-B (bounds, a Moré–Thuente line search, different stopping tests); Optax\'s lbfgs uses a zoom line search with other constants and scales by the newest pair from the second iteration on. Without a line search a too-large γ diverges like gradient descent would; with one, γ = 1 is the natural first trial (the Newton step).'),
    l10n.t('Optax\'s lion defaults to weight_decay 1e-3 and Keras\' Lion to lr 1e-3 (both the same update). The paper advises an lr 3–10× smaller than AdamW\'s and a λ 3–10× larger, since sign steps have norm γ·√n. Unlike Adam there is no ε and no second moment: one buffer.'),
    l10n.t('SGD with momentum 0.9, whose momentum buffer averages gradients; here the average is of iterates, and the gradient is taken at an interpolation. Optax\'s schedule_free_sgd wraps the same recursion.'),
    l10n.t('AdamW, which needs a decaying schedule to converge; the reference\'s inner_momentum and decay_at_z options are not offered (both default off). Optax\'s schedule_free_adamw wraps the same recursion (its lr default 0.0025, b1 0.9).'),
    l10n.t('D-Adaptation Adam (dAdaptAdam), whose d estimate weights the numerator by the Adam-normalised s and grows more slowly; Prodigy\'s weighting by d/d₀ makes d grow exponentially until it is the right size. Optax\'s prodigy has the same defaults.'),
    l10n.t('Prodigy (prodigy), whose numerator uses ⟨g, θ₀ − θ⟩ weighted by d/d₀ and so finds large d faster. Optax\'s dadapt_adamw decouples weight decay by default.'),
    // The flavours' notes: how that library's version differs from PyTorch's.
    l10n.t('ε sits inside the root, √(sum + ε), and the sum starts at 0.1 instead of 0. PyTorch\'s first step moves every coordinate by ≈ γ (γ·g/|g|, whatever g\'s size); with the sum starting at 0.1 the first step is γ·g/√(0.1 + g²), much smaller for small gradients (g = 0.1: 0.30γ instead of γ). Keras\'s defaults: γ = 1e-3, ε = 1e-7; weight decay is decoupled (θ ← θ − γλθ).'),
    l10n.t('ε sits inside the root, √(sum + ε), and the sum starts at 0.1 instead of 0. PyTorch\'s first step moves every coordinate by ≈ γ (γ·g/|g|, whatever g\'s size); with the sum starting at 0.1 the first step is γ·g/√(0.1 + g²), much smaller for small gradients (g = 0.1: 0.30γ instead of γ). TF.js requires γ (PyTorch\'s 1e-2 here) and takes ε from the backend (1e-7).'),
    l10n.t('ε sits inside the root, √(sum + ε), and the sum starts at 0.1 instead of 0. PyTorch\'s first step moves every coordinate by ≈ γ (γ·g/|g|, whatever g\'s size); with the sum starting at 0.1 the first step is γ·g/√(0.1 + g²), much smaller for small gradients (g = 0.1: 0.30γ instead of γ). Optax requires γ (PyTorch\'s 1e-2 here); ε = 1e-7.'),
    l10n.t('ε sits inside the root (√(v + ε); PyTorch: √v + ε, and its docstring notes that "TensorFlow interchanges these two operations"), the average decays with ρ = 0.9 instead of α = 0.99, and with momentum the lr goes into the buffer (b ← μb + γ·g/√(v + ε), θ ← θ − b) rather than multiplying it (PyTorch: θ ← θ − γb): the two agree only while the lr is constant, so under a schedule the buffer carries old lrs. Keras\'s defaults: γ = 1e-3, ρ = 0.9, ε = 1e-7; weight decay is decoupled.'),
    l10n.t('ε sits inside the root (√(v + ε); PyTorch: √v + ε, and its docstring notes that "TensorFlow interchanges these two operations"), the average decays with ρ = 0.9 instead of α = 0.99, and with momentum the lr goes into the buffer (b ← μb + γ·g/√(v + ε), θ ← θ − b) rather than multiplying it (PyTorch: θ ← θ − γb): the two agree only while the lr is constant, so under a schedule the buffer carries old lrs. Centered TF.js subtracts ε: √(v − (ḡ² + ε)), which is NaN once the gradient barely varies. TF.js requires γ (PyTorch\'s 1e-2 here); ρ = 0.9, ε = 1e-7.'),
    l10n.t('ε sits inside the root (√(v + ε); PyTorch: √v + ε, and its docstring notes that "TensorFlow interchanges these two operations"), the average decays with ρ = 0.9 instead of α = 0.99, and with momentum the lr goes into the buffer (b ← μb + γ·g/√(v + ε), θ ← θ − b) rather than multiplying it (PyTorch: θ ← θ − γb): the two agree only while the lr is constant, so under a schedule the buffer carries old lrs. Optax\'s defaults: ρ = 0.9, ε = 1e-8 (eps_in_sqrt=True); momentum is optax.trace after the lr scaling.'),
    l10n.t('Keras uses the "ε-hat" form of the Adam paper: the bias corrections multiply the step size and ε is added to √v, not to √v̂. Early on √v is much smaller than √v̂ (by √(1 − β₂ᵗ), 0.03 at t = 1), so the same ε weighs about 30× more; with Keras\'s ε = 1e-7 a gradient of 1e-6 already moves noticeably less. Weight decay is decoupled (θ ← θ − γλθ), not L2 added to the gradient.'),
    l10n.t('TF.js computes PyTorch\'s rule but with ε = 1e-7 (the backend\'s epsilon), 100× PyTorch\'s 1e-8; it has no AMSGrad and no weight decay.'),
    l10n.t('Optax\'s adam is PyTorch\'s rule with the same defaults. Its AMSGrad (optax.amsgrad) keeps the maximum of the bias-corrected v̂, PyTorch and Keras the maximum of the raw v: early v̂ are larger than later ones, so Optax\'s maximum holds the first steps\' scale longer. Weight decay is a separate transform (optax.adamw).'),
    l10n.t('Keras computes PyTorch\'s rule with other defaults: γ = 1e-3 (PyTorch 1.0, so a Keras Adadelta moves 1000× less per step), ρ = 0.95, ε = 1e-7; weight decay is decoupled.'),
    l10n.t('TF.js divides by the root of the previous v, read before this step\'s g² is added: at step 1 v = 0, so Δ = √ε/√ε·g = g and the first step is plain SGD, γ·g (PyTorch: γ·√ε/√((1 − ρ)g² + ε)·g, tiny). Defaults γ = 1e-3, ρ = 0.95, ε = 1e-7.'),
    l10n.t('Keras hard-codes the momentum schedule μₜ = β₁(1 − ½·0.96ᵗ): PyTorch\'s rule with ψ = 1 instead of 4e-3, so μₜ warms up to β₁ about 250× faster (μ₁₀₀ ≈ 0.892 vs 0.457 in PyTorch). Defaults γ = 1e-3, ε = 1e-7; weight decay is decoupled.'),
    l10n.t('Optax\'s nadam (adam with nesterov=True) has no momentum schedule: the look-ahead uses β₁ itself and Adam\'s bias corrections, where PyTorch\'s μₜ starts near β₁/2 and warms up over hundreds of steps. Its first steps are therefore bolder on the momentum term. γ must be given (PyTorch\'s 2e-3 here).'),
    // Worked examples: titles, a row's label, the schedules' setup, the claims they correct and why.
    l10n.t('The example of the TSDoc'),
    l10n.t('A textbook example: g₁ = (0.1, 0.2), α = 0.01'),
    l10n.t('Adam\'s first step, with and without bias correction (α = 1e-3, g₁ = (0.1, 0.2))'),
    l10n.t('without bias correction'),
    l10n.t('The lr of a 100-step run, defaults otherwise'),
    l10n.t('base lr 0.1, 100 steps'),
    l10n.t('base lr 0.1, 100 steps; the loss after step t is max(1, 7 − t) (no better after step 6)'),
    l10n.t('base lr 0.1, 100 steps; loss and gradient norm 10/t where step t starts'),
    l10n.t('a widely copied AdaGrad walk-through'),
    l10n.t('At the first step the sum of squares is g₁² itself, so each coordinate moves by α·g/√(g²) = α·sign(g): −0.01 in both, whatever the size of g. A first step smaller than α (−0.0010 is α·g₁, plain SGD) means the division by √sum was dropped; Keras\'s accumulator starting at 0.1 gives (−0.0030, −0.0053) — also not the textbook value.'),
    l10n.t('articles that leave out m̂ and v̂'),
    l10n.t('m and v start at 0, so after one step m = (1 − β₁)g and v = (1 − β₂)g²: without correction the step is α·(1 − β₁)/√(1 − β₂) = 3.16α per coordinate, not α. Dividing by 1 − β₁ᵗ and 1 − β₂ᵗ removes the pull towards 0 of the first steps; the correction fades as t grows (β₂ᵗ ≈ 0.37 after 1000 steps).'),
    l10n.t('tutorials that call lr₀·γᵗ a "linear decay"'),
    l10n.t('lr(t) = lr₀·γᵗ (e.g. γ = 0.95)'),
    l10n.t('lr₀·γᵗ multiplies by the same factor every step: that is exponential decay (the exponential schedule), a straight line only on a log axis. A linear schedule changes by the same amount every step and reaches its end factor at T.'),
    // Update rules in plain text where they hold words (the CLI prints them, the page shows the flavours').
    l10n.t('g ← ∇f(θ) + λθ;  b ← μb + (1 − τ)g (b ← g on step 1);  g ← g + μb (nesterov) or b;  θ ← θ − γg'),
    l10n.t('sum ← sum + g²;  θ ← θ − γ·g / √(sum + ε)  (0 where sum = 0)   (sum₀ = 0.1)'),
    l10n.t('g ← ∇f(θ) + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)  (amsgrad: v ← max of all v)'),
    l10n.t('m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  v̂ ← v/(1 − β₂ᵗ)  (amsgrad: v̂ ← max of all v̂);  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√v̂ + ε)'),
    l10n.t('θ ← θ(1 − γλ);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)  (amsgrad: v ← max of all v)'),
    l10n.t('Δ ← √(u + ε)/√(v + ε)·g  (the previous v);  v ← ρv + (1 − ρ)g²;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ'),
    l10n.t('ρ = min(γ, 1/√t);  α = max(ε₂, RMS(θ))ρ;  θ ← θ(1 − γλ);  V̂ ← R·Cᵀ/mean(R) (matrices) or EMA of g² (vectors), weight t^τ;  U = g/√V̂;  θ ← θ − α·U/max(1, RMS(U)/d)'),
    l10n.t('Δ ← clamp(Δ·η⁺, Γmin, Γmax) if g·g_prev > 0;  Δ ← clamp(Δ·η⁻, Γmin, Γmax) and g ← 0 if g·g_prev < 0;  θ ← θ − sign(g)·Δ;  g_prev ← g  (Δ starts at γ)'),
    l10n.t('d ← −H·g (two-loop recursion over the last m pairs s = t·d, y = Δg; H₀ = sᵀy/yᵀy);  θ ← θ + t·d, t = γ or a strong-Wolfe line search;  up to maxIter iterations per step'),
    l10n.t('θ = y:  g ← ∇f(y) + λy;  z ← z − γg;  x ← (1 − cₜ)x + cₜz (cₜ = wₜ/Σw);  y ← βx + (1 − β)z  (the model is x)'),
    l10n.t('θ = y:  g ← ∇f(y);  v ← β₂v + (1 − β₂)g²;  z ← z − γλy − γg/(√(v/(1 − β₂ᵗ)) + ε);  x ← (1 − cₜ)x + cₜz (cₜ = wₜ/Σw);  y ← β₁x + (1 − β₁)z  (the model is x)'),
    l10n.t('lr(t) = base · gamma^(number of milestones ≤ t)'),
    l10n.t('lr(t) = etaMin + (base − etaMin) · (1 + cos(π·t / tMax)) / 2   (not clamped: rises again after tMax)'),
    l10n.t('lr(t) = etaMin + (base − etaMin) · (1 + cos(π·tCur / tI)) / 2,  tI = t0·tMult^i,  tCur = steps since the last restart'),
    l10n.t('initial = maxLr/divFactor, min = initial/finalDivFactor; lr anneals initial → maxLr until step pctStart·T − 1, then maxLr → min until T − 1 (threePhase: maxLr → initial until 2·pctStart·T − 2, then initial → min); anneal(a, b, p) = b + (a − b)(1 + cos πp)/2 or a + (b − a)p; held after T − 1'),
    l10n.t('L = stepSizeUp + stepSizeDown, cycle = ⌊1 + t/L⌋, x = 1 + t/L − cycle, r = stepSizeUp/L; scale = x/r if x ≤ r else (x − 1)/(r − 1); lr(t) = baseLr + (maxLr − baseLr) · scale · f, f = 1 | 1/2^(cycle−1) | gamma^t'),
    l10n.t('after each step: metric better than best (min/rel: m < best·(1 − threshold); abs: m < best − threshold; max mode mirrored) resets the bad count; after more than patience bad steps, lr ← max(lr·factor, minLr) if that lowers lr by more than eps, then cooldown steps are not counted'),
    l10n.t('lr(t) = schedule_i(t − milestones[i−1]),  i = number of milestones ≤ t  (milestones[−1] = 0)'),
    l10n.t('lr(t) = base / (1 + decayRate · t / decaySteps)   (⌊t / decaySteps⌋ with staircase)'),
    l10n.t('lr(t) = inner(0) · (startFactor + (1 − startFactor) · t / warmupSteps) for t < warmupSteps, else inner(t − warmupSteps)'),
    l10n.t('lr_t = base / √(1 + beta · max(0, f(x_t)))   (assumes f ≥ 0; negative losses count as 0)'),
    l10n.t('sum ← sum + g²;  θ ← θ − γ·g / √(sum + ε)   (sum₀ = 0.1, ε = 1e-7 fixed)'),
  ];
}

/** Every option's `doc` (the engine's definitions, and the catalog's `flavor` choice), as `l10n.t` literals. */
export function optionDocSentences(): string[] {
  return [
    l10n.t('Learning rate γ (default: 1e-3; torch 1.13 required it)'),
    l10n.t('Momentum factor μ; 0 is plain gradient descent (default: 0)'),
    l10n.t('Dampening τ: the gradient enters the momentum buffer as (1 − τ)·g (default: 0)'),
    l10n.t('Nesterov momentum; needs momentum > 0 and dampening = 0 (default: false)'),
    l10n.t('L2 penalty λ added to the gradient as λ·θ (default: 0)'),
    l10n.t('Learning rate γ (default: 1e-2)'),
    l10n.t('Built-in decay η: step t uses γ / (1 + (t − 1)·η) (default: 0)'),
    l10n.t('Starting value of the squared-gradient sum (default: 0; Keras uses 0.1)'),
    l10n.t('ε added to √sum, outside the root (default: 1e-10)'),
    l10n.t('Smoothing constant α of the squared-gradient average (default: 0.99; Keras rho 0.9)'),
    l10n.t('ε added to the root, outside it (default: 1e-8)'),
    l10n.t('Momentum factor μ (default: 0)'),
    l10n.t('Normalise by the variance estimate v − ḡ² instead of v (default: false)'),
    l10n.t('Learning rate γ (default: 1e-3)'),
    l10n.t('Decay rates [β₁, β₂] of the gradient and squared-gradient averages, each in [0, 1) (default: [0.9, 0.999])'),
    l10n.t('ε added to the bias-corrected root, outside it (default: 1e-8; Keras and TF.js use 1e-7)'),
    l10n.t('L2 penalty λ added to the gradient as λ·θ (default: 0; for decoupled decay use adamw)'),
    l10n.t('AMSGrad: normalise by the running maximum of v (default: false)'),
    l10n.t('ε added to the bias-corrected root, outside it (default: 1e-8)'),
    l10n.t('Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 1e-2; Keras 0.004, Optax 1e-4)'),
    l10n.t('Learning rate γ scaling the delta (default: 1.0; Keras uses 1e-3)'),
    l10n.t('Decay rate ρ of the squared-gradient and squared-delta averages, in [0, 1] (default: 0.9)'),
    l10n.t('ε added inside both roots (default: 1e-6)'),
    l10n.t('Learning rate γ (default: 2e-3)'),
    l10n.t('Decay rates [β₁, β₂] of the gradient average and the infinity norm, each in [0, 1) (default: [0.9, 0.999])'),
    l10n.t('ε added to |g| inside the maximum (default: 1e-8)'),
    l10n.t('Momentum decay ψ of μₜ = β₁(1 − ½·0.96^(t·ψ)) (default: 4e-3)'),
    l10n.t('ε added to √v, outside the root, in rectified steps (default: 1e-8)'),
    l10n.t('Weight decay λ: L2 added to the gradient, or θ·(1 − lr·λ) with decoupledWeightDecay (default: 0)'),
    l10n.t('Decoupled (AdamW-style) decay, "RAdamW"; PyTorch 2.x, not in torch 1.13 (default: false)'),
    l10n.t('γ: cap of the relative step size ρ = min(γ, 1/√t) and rate of the weight decay (default: 1e-2)'),
    l10n.t('τ ≤ 0: the second moments average with weight t^τ on the new g² (default: -0.8)'),
    l10n.t('[ε₁, ε₂]: ε₁ floors the variance estimate (null: machine epsilon 2⁻⁵²), ε₂ floors the parameters’ RMS (default: [null, 1e-3])'),
    l10n.t('Clipping threshold d ≥ 1: the update’s RMS is scaled down to at most d (default: 1)'),
    l10n.t('Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 0)'),
    l10n.t('Initial step size Δ of every parameter; read once, at the first step, as in PyTorch (default: 1e-2)'),
    l10n.t('[η⁻, η⁺]: step-size factors on a sign flip and on a kept sign, 0 < η⁻ < 1 < η⁺ (default: [0.5, 1.2])'),
    l10n.t('[Γmin, Γmax]: the range each step size is clamped to (default: [1e-6, 50])'),
    l10n.t('Learning rate γ: η starts at γ and decays as γ/(1 + λγt)^α (default: 1e-2)'),
    l10n.t('Decay term λ of η and of the parameters (default: 1e-4)'),
    l10n.t('Power α of η’s decay (default: 0.75)'),
    l10n.t('Step t₀ from which the iterates are averaged; the default defers averaging for a million steps (default: 1e6)'),
    l10n.t('Step length γ tried first (taken as is without a line search) (default: 1)'),
    l10n.t('Inner iterations per optimizer step (default: 20)'),
    l10n.t('Objective evaluations per optimizer step; null: maxIter·5/4 (default: null)'),
    l10n.t('A step ends when every |gradient entry| ≤ this (default: 1e-7)'),
    l10n.t('A step ends when the loss or the parameters change by less than this (default: 1e-9)'),
    l10n.t('Curvature pairs m kept: memory is 2m vectors of the parameters’ size (default: 100)'),
    l10n.t('strongWolfe: a line search meeting the strong Wolfe conditions; null: the step length lr as is (default: null)'),
    l10n.t('Learning rate γ: each parameter moves by exactly γ per step (default: 1e-4; Keras 1e-3)'),
    l10n.t('[β₁, β₂]: β₁ mixes gradient and momentum inside the sign, β₂ is the momentum decay, each in [0, 1) (default: [0.9, 0.99])'),
    l10n.t('Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 0; Optax 1e-3)'),
    l10n.t('Step size γ of z; meant to stay constant (default: 1)'),
    l10n.t('β: y = βx + (1 − β)z, in (0, 1) (default: 0.9)'),
    l10n.t('Steps of a built-in linear lr warm-up (default: 0)'),
    l10n.t('Polynomial weighting tʳ of the average (default: 0)'),
    l10n.t('The average weights step t by max(lr so far)^weightLrPower (default: 2)'),
    l10n.t('Step size γ of z; meant to stay constant (default: 0.0025)'),
    l10n.t('Decoupled decay λ: z ← z − γλ·y every step (default: 0)'),
    l10n.t('Multiplier γ of the estimated step size d (default: 1; the authors advise leaving it)'),
    l10n.t('Decay β₃ of the d estimate’s sums; null uses √β₂ (default: null)'),
    l10n.t('ε added to √v, scaled by d (default: 1e-8)'),
    l10n.t('Weight decay λ, decoupled or L2 (see decouple) (default: 0)'),
    l10n.t('Decoupled (AdamW-style) decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient (default: true)'),
    l10n.t('Adam’s bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ) on the step size (default: false)'),
    l10n.t('Leave lr out of s’s weights, for runs with an lr warm-up (default: false)'),
    l10n.t('Initial estimate d₀ (default: 1e-6; rarely needs changing)'),
    l10n.t('Multiplier c of the estimate d̂, the preferred knob: 0.5 or 2 also work (default: 1)'),
    l10n.t('Largest factor d may grow by per step, e.g. 1.02 for a warm-up effect; null for no limit (default: null)'),
    l10n.t('Estimate d from every sliceP-th parameter only (memory; ~11 is reasonable) (default: 1)'),
    l10n.t('ε added to √v (default: 1e-8)'),
    l10n.t('Weight decay λ, L2 or decoupled (see decouple) (default: 0)'),
    l10n.t('Decoupled (AdamW-style) decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient (default: false)'),
    l10n.t('Steps between two decays (PyTorch step_size, required there; default: max(1, ⌊totalSteps/3⌋) steps)'),
    l10n.t('Factor the lr is multiplied by at each decay (default: 0.1)'),
    l10n.t('Strictly increasing step indices at which the lr is multiplied by gamma (PyTorch milestones, required there; default: [⌊totalSteps/2⌋, ⌊3·totalSteps/4⌋], each ≥ 1, repeats dropped)'),
    l10n.t('Factor the lr is multiplied by at each milestone (default: 0.1)'),
    l10n.t('Factor the lr is multiplied by every step (PyTorch gamma, required there; default: 0.99)'),
    l10n.t('Factor of the base lr at step 0, in [0, 1] (default: 1/3)'),
    l10n.t('Factor of the base lr from step totalIters on, in [0, 1] (default: 1)'),
    l10n.t('Steps the factor takes to go from startFactor to endFactor (default: the run\'s steps; PyTorch\'s 5 counts epochs, and would end the ramp after 5 of a run\'s steps)'),
    l10n.t('Steps until the lr reaches 0 (default: the run\'s steps; PyTorch\'s 5 counts epochs, and would leave a run at lr 0 from its 6th step)'),
    l10n.t('Power of the polynomial, ≥ 0 (default: 1, a straight line)'),
    l10n.t('Steps of the half cosine, from base lr to etaMin (PyTorch T_max, required there; default: totalSteps). After tMax the lr rises again, as in PyTorch'),
    l10n.t('Lowest lr, reached at t = tMax (default: 0)'),
    l10n.t('Steps of the first cycle (PyTorch T_0, required there; default: max(1, ⌊totalSteps/4⌋) steps)'),
    l10n.t('Integer factor each cycle is longer than the previous one, ≥ 1 (default: 1)'),
    l10n.t('Lowest lr, approached at the end of each cycle (default: 0)'),
    l10n.t('Peak lr (PyTorch max_lr, required there; default: the optimizer lr). The optimizer lr itself is not used'),
    l10n.t('Steps of the cycle (default: the run’s steps). The lr stays at its final value after it (PyTorch raises)'),
    l10n.t('Fraction of the cycle spent increasing the lr, in [0, 1] (default: 0.3)'),
    l10n.t('Shape of each phase: cosine or linear (default: cos)'),
    l10n.t('Initial lr = maxLr / divFactor (default: 25)'),
    l10n.t('Final lr = initial lr / finalDivFactor (default: 1e4)'),
    l10n.t('Anneal back to the initial lr before the final decay, as in Smith’s paper (default: false)'),
    l10n.t('Low end of the cycle; replaces the optimizer lr (PyTorch base_lr, required there; default: the optimizer lr)'),
    l10n.t('High end of the cycle, ≥ baseLr (PyTorch max_lr, required there; default: 10 × the optimizer lr)'),
    l10n.t('Steps from baseLr up to maxLr (default: max(1, ⌊totalSteps/4⌋), two cycles in the run; PyTorch\'s 2000 would not reach maxLr in a run of 200 steps)'),
    l10n.t('Steps from maxLr back down to baseLr (default: stepSizeUp)'),
    l10n.t('triangular: same height every cycle; triangular2: height halves each cycle; expRange: height × gamma^t (default: triangular)'),
    l10n.t('Per-step height factor of expRange mode (default: 1)'),
    l10n.t('min: the metric should fall; max: it should rise (default: min)'),
    l10n.t('New lr = lr × factor, in [0, 1) (default: 0.1)'),
    l10n.t('Bad steps tolerated before the lr is cut (default: 10)'),
    l10n.t('How much better a metric must be to count as an improvement (default: 1e-4)'),
    l10n.t('rel: better than best·(1 ∓ threshold); abs: better than best ∓ threshold (default: rel)'),
    l10n.t('Steps after a cut during which bad steps are not counted (default: 0)'),
    l10n.t('Lower bound of the lr (default: 0)'),
    l10n.t('A cut smaller than this is skipped (default: 1e-8)'),
    l10n.t('The schedules, in order. Each one’s totalSteps is the length of its segment; a nested plateau gets the metric while it is active (default: [{"type": "linear"}, {"type": "cosine"}])'),
    l10n.t('Strictly increasing steps at which the next schedule takes over, one fewer than schedules (default: totalSteps split evenly among the schedules)'),
    l10n.t('How fast the lr falls, ≥ 0 (default: 1)'),
    l10n.t('Steps per unit of decay, > 0 (default: 1 step)'),
    l10n.t('Decay in whole units of decaySteps, ⌊t / decaySteps⌋ (default: false)'),
    l10n.t('Steps of the ramp (default: max(1, ⌊totalSteps/10⌋) steps)'),
    l10n.t('The ramp starts at startFactor × inner(0), in [0, 1] (default: 0.1)'),
    l10n.t('The schedule after the warmup; it runs for totalSteps − warmupSteps steps. Its metric reports during the warmup are dropped (default: {"type": "constant"})'),
    l10n.t('Weight of the loss, ≥ 0 (default: 1; 0 gives the base lr)'),
    l10n.t('Weight of the squared gradient norm, ≥ 0 (default: 1; 0 gives the base lr)'),
    l10n.t('Compute it as another library does: its update rule and its defaults (pytorch = PyTorch, keras = Keras 3, tfjs = TF.js, optax = Optax; default: pytorch)'),
    l10n.t('Compute it as another library does: its update rule and its defaults (pytorch = PyTorch, keras = Keras 3, tfjs = TF.js; default: pytorch)'),
    l10n.t('Compute it as another library does: its update rule and its defaults (pytorch = PyTorch, keras = Keras 3, optax = Optax; default: pytorch)'),
  ];
}

/**
 * An English sentence of the engine in the display language: its translation when the bundle has
 * one (a sentence of the lists above), else the English itself. No placeholders are filled: the
 * sentences carry none, and braces in them (`{"type": "linear"}`) stay as they are.
 */
export function inDisplayLanguage(english: string): string {
  return english === '' ? english : l10n.t(english);
}

/** A card with its words in the display language (title and summary from catalogText); math, numbers and code names as they are. */
export function cardInLanguage(card: Card): Card {
  const t = inDisplayLanguage;
  const { title, summary } = catalogText(card.kind, card);
  return {
    ...card,
    title,
    summary,
    formula: t(card.formula),
    symbols: card.symbols.map((s) => ({ ...s, doc: t(s.doc) })),
    ...(card.differsFrom !== undefined ? { differsFrom: t(card.differsFrom) } : {}),
    flavors: card.flavors.map((f) => ({ ...f, formula: t(f.formula), note: t(f.note) })),
    examples: card.examples.map((e) => ({
      ...e,
      title: t(e.title),
      setup: t(e.setup),
      // A row's first cell is its step, or a label (another library's version, the step without bias correction).
      rows: e.rows.map(([first = '', ...rest]) => [t(first), ...rest]),
      claims: e.claims.map((c) => ({ source: t(c.source), claimed: t(c.claimed), correct: t(c.correct), why: t(c.why) })),
    })),
  };
}
