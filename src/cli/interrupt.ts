/** Ctrl+C while a worker computes: stop it (after its step under way, see RunHandle.cancel) and still print what was computed. */

/** Wait for `handle.done`, cancelling the handle on SIGINT; says whether that happened. */
export async function untilDone<T>(handle: { readonly done: Promise<T>; cancel(): void }): Promise<{ value: T; interrupted: boolean }> {
  let interrupted = false;
  const cancel = (): void => {
    interrupted = true;
    handle.cancel();
  };
  process.on('SIGINT', cancel);
  try {
    return { value: await handle.done, interrupted };
  } finally {
    process.off('SIGINT', cancel);
  }
}
