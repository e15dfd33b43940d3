/** Gradients the engine computes itself: central finite differences and the gradient check. */
export { centralDifferenceGradient } from './finiteDifference';
export { checkGradient, type GradientCheckComponent, type GradientCheckOptions, type GradientCheckResult } from './check';
