/** Everything started during the run, stopped in reverse order at the end, also on failure. */
const stack: { label: string; stop: () => Promise<unknown> }[] = [];

/** Registers `stop` to run at the end of the run; returns a function that runs it early (once). */
export function onCleanup(label: string, stop: () => Promise<unknown>): () => Promise<void> {
  let done = false;
  const entry = {
    label,
    stop: async () => {
      if (done) return;
      done = true;
      await stop();
    },
  };
  stack.push(entry);
  return async () => {
    const index = stack.indexOf(entry);
    if (index >= 0) stack.splice(index, 1);
    await entry.stop();
  };
}

/** Stops everything still registered, newest first; a failing stop is reported and the rest continue. */
export async function cleanupAll(report: (message: string) => void): Promise<void> {
  while (stack.length > 0) {
    const entry = stack.pop();
    if (!entry) break;
    try {
      await withTimeout(entry.stop(), 15_000, entry.label);
    } catch (error) {
      report(`cleanup of ${entry.label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Rejects when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
