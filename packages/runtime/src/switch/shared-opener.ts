import type { IDatabaseAdapter } from '@bharatmart/core';

/**
 * `open`, made to share one adapter among its callers in this process: the switch run here and the
 * process's own database after the flip use the same NEXT_ adapter (an embedded PGlite directory may
 * be open only once). Each caller gets its own `close`; the adapter closes when the last of them
 * closes it, and a later call opens it again once that close has finished. A failed open is not
 * remembered.
 */
export function sharedOpener(open: () => Promise<IDatabaseAdapter>): () => Promise<IDatabaseAdapter> {
  let opening: Promise<IDatabaseAdapter> | undefined;
  let closing: Promise<void> = Promise.resolve();
  let users = 0;
  return async () => {
    // A reopen waits for the last close to finish: the same directory is never open twice at once.
    if (!opening) await closing;
    const current = (opening ??= open());
    // Counted before waiting, so a last user closing meanwhile leaves it open for this caller.
    users++;
    let adapter: IDatabaseAdapter;
    try {
      adapter = await current;
    } catch (error) {
      users--;
      if (opening === current) opening = undefined;
      throw error;
    }
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      users--;
      if (users === 0 && opening === current) {
        opening = undefined;
        closing = adapter.close();
        await closing;
      }
    };
    return new Proxy(adapter, {
      get: (target, property) => {
        if (property === 'close') return close;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}
