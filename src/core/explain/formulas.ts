/**
 * The update rules and schedule formulas typeset: LaTeX (KaTeX's subset) per optimizer and
 * schedule, one display line each. The symbols are those of the TSDoc's "Symbols → options"
 * (optimizers) or listed here (schedules), so a card can link each to its option.
 */
import type { OptimizerType } from '../optimizers';
import type { ScheduleType } from '../schedules';

const G = 'g \\leftarrow \\nabla f(\\theta_{t-1}) + \\lambda\\theta_{t-1}';

export const optimizerTex: Readonly<Record<OptimizerType, readonly string[]>> = {
  sgd: [
    G,
    'b \\leftarrow \\mu b + (1 - \\tau)\\, g \\quad (b \\leftarrow g \\text{ at } t = 1)',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\gamma\\,(g + \\mu b) \\;\\text{(nesterov)} \\quad\\text{ or }\\quad \\theta_{t-1} - \\gamma b',
  ],
  adagrad: [
    G,
    '\\tilde\\gamma \\leftarrow \\gamma / (1 + (t - 1)\\,\\eta), \\qquad \\mathit{sum} \\leftarrow \\mathit{sum} + g^2 \\quad (\\mathit{sum}_0 = s_0)',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\tilde\\gamma\\, \\dfrac{g}{\\sqrt{\\mathit{sum}} + \\varepsilon}',
  ],
  rmsprop: [
    G,
    'v \\leftarrow \\alpha v + (1 - \\alpha)\\, g^2, \\qquad d \\leftarrow \\sqrt{v} + \\varepsilon \\quad (\\text{centered: } \\sqrt{v - \\bar g^2} + \\varepsilon)',
    'b \\leftarrow \\mu b + g / d, \\qquad \\theta_t \\leftarrow \\theta_{t-1} - \\gamma b',
  ],
  adam: [
    G,
    'm \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2',
    '\\hat m \\leftarrow \\dfrac{m}{1 - \\beta_1^t}, \\qquad \\hat v \\leftarrow \\dfrac{v}{1 - \\beta_2^t} \\quad (\\text{amsgrad: } \\hat v \\leftarrow \\max_{s \\le t} v_s / (1 - \\beta_2^t))',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\gamma\\, \\dfrac{\\hat m}{\\sqrt{\\hat v} + \\varepsilon}',
  ],
  adamw: [
    '\\theta \\leftarrow \\theta_{t-1}\\,(1 - \\gamma\\lambda), \\qquad g \\leftarrow \\nabla f(\\theta_{t-1})',
    'm \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2',
    '\\theta_t \\leftarrow \\theta - \\gamma\\, \\dfrac{m / (1 - \\beta_1^t)}{\\sqrt{v / (1 - \\beta_2^t)} + \\varepsilon} \\quad (\\text{amsgrad: } v \\leftarrow \\max_{s \\le t} v_s)',
  ],
  adadelta: [
    G,
    'v \\leftarrow \\rho v + (1 - \\rho)\\, g^2, \\qquad \\Delta \\leftarrow \\dfrac{\\sqrt{u + \\varepsilon}}{\\sqrt{v + \\varepsilon}}\\, g',
    'u \\leftarrow \\rho u + (1 - \\rho)\\, \\Delta^2, \\qquad \\theta_t \\leftarrow \\theta_{t-1} - \\gamma \\Delta',
  ],
  adamax: [
    G,
    'm \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g, \\qquad u \\leftarrow \\max(\\beta_2 u,\\, |g| + \\varepsilon)',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\dfrac{\\gamma}{1 - \\beta_1^t}\\, \\dfrac{m}{u}',
  ],
  nadam: [
    G,
    '\\mu_t = \\beta_1 \\left(1 - \\tfrac12\\, 0.96^{t\\psi}\\right), \\qquad \\Pi \\leftarrow \\Pi\\,\\mu_t',
    'm \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2, \\qquad d \\leftarrow \\sqrt{v / (1 - \\beta_2^t)} + \\varepsilon',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\gamma\\, \\dfrac{1 - \\mu_t}{1 - \\Pi}\\, \\dfrac{g}{d} - \\gamma\\, \\dfrac{\\mu_{t+1}}{1 - \\Pi\\mu_{t+1}}\\, \\dfrac{m}{d}',
  ],
  radam: [
    G,
    'm \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2, \\qquad \\rho_t = \\rho_\\infty - \\dfrac{2t\\beta_2^t}{1 - \\beta_2^t}',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\gamma\\, \\dfrac{m}{1 - \\beta_1^t}\\, r_t\\, \\dfrac{\\sqrt{1 - \\beta_2^t}}{\\sqrt{v} + \\varepsilon} \\;\\; (\\rho_t > 5), \\quad \\text{else } \\theta_{t-1} - \\gamma\\, \\dfrac{m}{1 - \\beta_1^t}',
  ],
  adafactor: [
    '\\rho = \\min(\\gamma, 1/\\sqrt{t}), \\qquad \\alpha = \\max(\\varepsilon_2, \\mathrm{RMS}(\\theta))\\,\\rho, \\qquad \\theta \\leftarrow \\theta\\,(1 - \\gamma\\lambda)',
    '\\hat V \\leftarrow R\\,C^\\top / \\mathrm{mean}(R) \\;\\text{(matrices; EMA of } g^2 + \\varepsilon_1 \\text{ with weight } t^{\\tau}\\text{)}, \\qquad U = g / \\sqrt{\\hat V}',
    '\\theta_t \\leftarrow \\theta - \\alpha\\, \\dfrac{U}{\\max(1, \\mathrm{RMS}(U) / d)}',
  ],
  rprop: [
    '\\Delta \\leftarrow \\mathrm{clamp}(\\Delta\\eta^{+}, \\Gamma_{\\min}, \\Gamma_{\\max}) \\;\\text{if } g\\,g_{\\text{prev}} > 0, \\qquad \\Delta \\leftarrow \\mathrm{clamp}(\\Delta\\eta^{-}, \\Gamma_{\\min}, \\Gamma_{\\max}),\\; g \\leftarrow 0 \\;\\text{if } g\\,g_{\\text{prev}} < 0',
    '\\theta_t \\leftarrow \\theta_{t-1} - \\mathrm{sign}(g)\\,\\Delta, \\qquad g_{\\text{prev}} \\leftarrow g \\quad (\\Delta_0 = \\gamma)',
  ],
  asgd: [
    '\\theta_t \\leftarrow \\theta_{t-1}(1 - \\lambda_{wd}\\,\\eta) - \\eta\\, g, \\qquad \\bar x \\leftarrow \\bar x + \\mu\\,(\\theta_t - \\bar x)',
    '\\eta \\leftarrow \\dfrac{\\gamma}{(1 + \\lambda\\gamma t)^{\\alpha}}, \\qquad \\mu \\leftarrow \\dfrac{1}{\\max(1, t - t_0)}',
  ],
  lbfgs: [
    'd \\leftarrow -H g \\;\\text{(two-loop recursion over the last } m \\text{ pairs } s, y\\text{)}, \\qquad H_0 = \\dfrac{s^\\top y}{y^\\top y}',
    '\\theta \\leftarrow \\theta + t\\, d, \\qquad t = \\gamma \\text{ or a strong-Wolfe line search; stop when } \\|g\\|_\\infty \\le \\varepsilon_g \\text{ or a change} \\le \\varepsilon_c',
  ],
  lion: [
    '\\theta \\leftarrow \\theta_{t-1}(1 - \\gamma\\lambda), \\qquad \\theta_t \\leftarrow \\theta - \\gamma\\, \\mathrm{sign}(\\beta_1 m + (1 - \\beta_1)\\, g)',
    'm \\leftarrow \\beta_2 m + (1 - \\beta_2)\\, g',
  ],
  sgdScheduleFree: [
    'g \\leftarrow \\nabla f(y) + \\lambda y, \\qquad z \\leftarrow z - \\gamma g',
    'x \\leftarrow (1 - c_t)\\, x + c_t z \\quad (c_t = w_t / \\textstyle\\sum w,\\; w_t = t^{r}\\, \\gamma_{\\max}^{2}), \\qquad y \\leftarrow \\beta x + (1 - \\beta)\\, z',
  ],
  adamwScheduleFree: [
    'g \\leftarrow \\nabla f(y), \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2',
    'z \\leftarrow z - \\gamma\\lambda y - \\gamma\\, \\dfrac{g}{\\sqrt{v / (1 - \\beta_2^t)} + \\varepsilon}',
    'x \\leftarrow (1 - c_t)\\, x + c_t z \\quad (c_t = w_t / \\textstyle\\sum w,\\; w_t = t^{r}\\, \\gamma_{\\max}^{2}), \\qquad y \\leftarrow \\beta_1 x + (1 - \\beta_1)\\, z',
  ],
  prodigy: [
    'r \\leftarrow \\beta_3 r + \\tfrac{d}{d_0}\\, d\\gamma\\, \\langle g, \\theta_0 - \\theta \\rangle, \\qquad s \\leftarrow \\beta_3 s + \\tfrac{d}{d_0}\\, d\\gamma\\, g',
    'd_{\\max} \\leftarrow \\max(d_{\\max}, c\\, r / \\|s\\|_1), \\qquad d \\leftarrow \\min(d_{\\max},\\, d \\cdot \\mathit{growth}) \\quad (d = d_0 \\text{ at the start})',
    'm \\leftarrow \\beta_1 m + d(1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + d^2 (1 - \\beta_2)\\, g^2',
    '\\theta_t \\leftarrow \\theta_{t-1}(1 - d\\gamma\\lambda) - d\\gamma\\, \\dfrac{m}{\\sqrt{v} + d\\varepsilon} \\quad (\\text{decouple; else } \\lambda\\theta \\text{ joins } g)',
  ],
  dAdaptAdam: [
    'g \\leftarrow \\nabla f(\\theta_{t-1}) + \\lambda\\theta_{t-1} \\;\\; (\\text{decouple: } \\theta \\leftarrow \\theta(1 - d\\gamma\\lambda) \\text{ instead})',
    'r \\leftarrow \\sqrt{\\beta_2}\\, r + (1 - \\sqrt{\\beta_2})\\, d\\gamma\\, \\langle g, s / (\\sqrt{v} + \\varepsilon) \\rangle, \\qquad s \\leftarrow \\sqrt{\\beta_2}\\, s + d\\gamma (1 - \\sqrt{\\beta_2})\\, g',
    'd \\leftarrow \\max\\!\\left(d, \\min\\!\\left(\\dfrac{r}{(1 - \\sqrt{\\beta_2}) \\|s\\|_1},\\, d \\cdot \\mathit{growth}\\right)\\right) \\quad (d = d_0 \\text{ at the start})',
    'm \\leftarrow \\beta_1 m + d\\gamma (1 - \\beta_1)\\, g, \\qquad v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2, \\qquad \\theta_t \\leftarrow \\theta_{t-1} - \\dfrac{m}{\\sqrt{v} + \\varepsilon}',
  ],
};

/** A schedule symbol and the option it stands for (`base` is the optimizer's lr, `t` the step). */
export interface ScheduleSymbol {
  readonly tex: string;
  readonly option: string;
}

export interface ScheduleTex {
  readonly tex: readonly string[];
  readonly symbols: readonly ScheduleSymbol[];
}

const BASE = '\\gamma_0';

/** A schedule's rule: its display lines and its symbols as `{ option: tex }`, in the card's order. */
function rule(tex: string | readonly string[], symbols: Readonly<Record<string, string>> = {}): ScheduleTex {
  return { tex: typeof tex === 'string' ? [tex] : tex, symbols: Object.entries(symbols).map(([option, symbol]) => ({ tex: symbol, option })) };
}

export const scheduleTex: Readonly<Record<ScheduleType, ScheduleTex>> = {
  constant: rule(`\\gamma_t = ${BASE}`),
  step: rule(`\\gamma_t = ${BASE}\\, \\gamma^{\\lfloor t / s \\rfloor}`, { stepSize: 's', gamma: '\\gamma' }),
  multiStep: rule(`\\gamma_t = ${BASE}\\, \\gamma^{\\#\\{ m \\in M : m \\le t \\}}`, { milestones: 'M', gamma: '\\gamma' }),
  exponential: rule(`\\gamma_t = ${BASE}\\, \\gamma^{t}`, { gamma: '\\gamma' }),
  linear: rule(`\\gamma_t = ${BASE} \\left(f_s + (f_e - f_s)\\, \\dfrac{\\min(T, t)}{T}\\right)`, { startFactor: 'f_s', endFactor: 'f_e', totalIters: 'T' }),
  polynomial: rule(`\\gamma_t = ${BASE} \\left(1 - \\dfrac{\\min(T, t)}{T}\\right)^{p}`, { totalIters: 'T', power: 'p' }),
  cosine: rule(`\\gamma_t = \\eta_{\\min} + (${BASE} - \\eta_{\\min})\\, \\dfrac{1 + \\cos(\\pi t / T_{\\max})}{2}`, { tMax: 'T_{\\max}', etaMin: '\\eta_{\\min}' }),
  cosineWarmRestarts: rule(`\\gamma_t = \\eta_{\\min} + (${BASE} - \\eta_{\\min})\\, \\dfrac{1 + \\cos(\\pi\\, T_{cur} / T_i)}{2}, \\qquad T_i = T_0\\, T_{mult}^{\\,i}`, { t0: 'T_0', tMult: 'T_{mult}', etaMin: '\\eta_{\\min}' }),
  oneCycle: rule([
    '\\gamma_{\\text{initial}} = \\gamma_{\\max} / \\mathit{div}, \\qquad \\gamma_{\\text{final}} = \\gamma_{\\text{initial}} / \\mathit{div}_f',
    '\\gamma_{\\text{initial}} \\nearrow \\gamma_{\\max} \\text{ until step } p\\,T - 1, \\text{ then } \\gamma_{\\max} \\searrow \\gamma_{\\text{final}} \\text{ until } T - 1 \\;\\; (\\text{anneal: cos or linear})',
  ], { maxLr: '\\gamma_{\\max}', totalSteps: 'T', pctStart: 'p', divFactor: '\\mathit{div}', finalDivFactor: '\\mathit{div}_f' }),
  cyclic: rule([
    'L = s_{up} + s_{down}, \\quad c = \\lfloor 1 + t / L \\rfloor, \\quad x = 1 + t/L - c, \\quad r = s_{up} / L',
    '\\gamma_t = \\gamma_{lo} + (\\gamma_{hi} - \\gamma_{lo}) \\cdot \\left(x / r \\text{ if } x \\le r \\text{ else } \\dfrac{x - 1}{r - 1}\\right) \\cdot f, \\qquad f \\in \\{1,\\; 2^{1 - c},\\; \\gamma^{t}\\}',
  ], { baseLr: '\\gamma_{lo}', maxLr: '\\gamma_{hi}', stepSizeUp: 's_{up}', stepSizeDown: 's_{down}', gamma: '\\gamma' }),
  plateau: rule([
    '\\text{better: } m < \\mathit{best}\\,(1 - \\delta) \\;\\text{(rel)} \\text{ or } m < \\mathit{best} - \\delta \\;\\text{(abs)}',
    '\\text{after more than } P \\text{ worse steps: } \\gamma \\leftarrow \\max(\\gamma\\, \\phi,\\; \\gamma_{\\min}), \\text{ then } C \\text{ steps of cooldown}',
  ], { factor: '\\phi', patience: 'P', threshold: '\\delta', cooldown: 'C', minLr: '\\gamma_{\\min}' }),
  sequential: rule('\\gamma_t = \\mathrm{schedule}_i(t - M_{i-1}), \\qquad i = \\#\\{ m \\in M : m \\le t \\} \\quad (M_{-1} = 0)', { milestones: 'M' }),
  inverseTime: rule(`\\gamma_t = \\dfrac{${BASE}}{1 + k\\, t / s} \\qquad (\\lfloor t / s \\rfloor \\text{ with staircase})`, { decayRate: 'k', decaySteps: 's' }),
  warmup: rule('\\gamma_t = \\mathrm{inner}(0) \\left(f_s + (1 - f_s)\\, \\dfrac{t}{W}\\right) \\;\\; (t < W), \\qquad \\mathrm{inner}(t - W) \\;\\; \\text{ after}', { warmupSteps: 'W', startFactor: 'f_s' }),
  lossBased: rule(`\\gamma_t = \\dfrac{${BASE}}{\\sqrt{1 + \\beta \\max(0, f(x_t))}}`, { beta: '\\beta' }),
  gradientBased: rule(`\\gamma_t = \\dfrac{${BASE}}{1 + \\beta\\, \\|\\nabla f(x_t)\\|^2}`, { beta: '\\beta' }),
};

