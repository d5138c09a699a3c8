import type { IDatabaseAdapter } from '@bharatmart/core';

/**
 * `open`, made to share one adapter among its callers in this process: the switch run here and the
 * process's own database after the flip use the same NEXT_ adapter (an embedded PGlite directory may
 * be open only once). Each caller gets its own `close`; the adapter closes when the last of them
 * closes it, and a later call opens it again. A failed open is not remembered.
 */
export function sharedOpener(open: () => Promise<IDatabaseAdapter>): () => Promise<IDatabaseAdapter> {
  let opening: Promise<IDatabaseAdapter> | undefined;
  let users = 0;
  return async () => {
    const current = (opening ??= open());
    let adapter: IDatabaseAdapter;
    try {
      adapter = await current;
    } catch (error) {
      if (opening === current) opening = undefined;
      throw error;
    }
    users++;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      users--;
      if (users === 0 && opening === current) {
        opening = undefined;
        await adapter.close();
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
