/**
 * How long any wait of the VS Code harness tests (e2e, and code-server's start) may take before
 * it counts as a hang. Every wait is for a condition (a selector, a state, a message); this bound
 * is generous so that only a real hang reaches it — a busy 2-core machine (a CPU hog beside the
 * suite) must not.
 */
export const HANG_BOUND_MS = 120_000;
