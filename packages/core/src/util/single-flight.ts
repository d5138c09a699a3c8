/**
 * Coalesces concurrent work per key: while a computation for a key is in flight, every further
 * caller for that key receives the same promise instead of starting its own. Once it settles
 * (value or error) the key is forgotten, so the next call computes afresh. Nothing is cached.
 */
export interface SingleFlight {
  /**
   * Runs `fn` for `key` unless a run for `key` is already in flight, in which case it returns that
   * run's promise. Every caller of one run sees the same value or the same rejection; a function
   * that throws synchronously rejects like one that returns a rejected promise.
   */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Whether a run for `key` is in flight now. */
  has(key: string): boolean;
  /** How many keys have a run in flight now. */
  readonly size: number;
}

/** Creates an empty SingleFlight group; groups are independent of each other. */
export function createSingleFlight(): SingleFlight {
  const flights = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const existing = flights.get(key);
      if (existing) return existing as Promise<T>;
      // Registered before `fn` starts (on the next microtask), so even a caller in the same tick
      // joins this flight, and a synchronous throw in `fn` becomes this promise's rejection.
      const flight = Promise.resolve().then(fn);
      flights.set(key, flight);
      const forget = (): void => {
        if (flights.get(key) === flight) flights.delete(key);
      };
      flight.then(forget, forget);
      return flight;
    },
    has: (key) => flights.has(key),
    get size() {
      return flights.size;
    },
  };
}
