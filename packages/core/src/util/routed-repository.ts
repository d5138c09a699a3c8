import type { IDatabaseAdapter } from '../ports/database.js';
import type { AdapterLifecycle } from '../ports/health.js';

/** The repositories of IDatabaseAdapter: everything but the lifecycle and the migrations. */
export type RepositoryName = Exclude<keyof IDatabaseAdapter, keyof AdapterLifecycle | 'migrations'>;

/**
 * Runs `operation` on the database a wrapper picks (a failover pair's side, a live switch's target);
 * `method` names the repository method it calls.
 */
export type Route = <T>(operation: (db: IDatabaseAdapter) => Promise<T>, method: string) => Promise<T>;

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/**
 * The repository `name` whose every method runs through `route` on whichever database it picks.
 * The methods are those `template`'s repository has (own or inherited), so the wrapper follows the
 * port without a hand-written copy of each method.
 */
export function routedRepository<K extends RepositoryName>(
  name: K,
  template: IDatabaseAdapter,
  route: Route,
): IDatabaseAdapter[K] {
  const routed: Methods = {};
  for (const method of methodNames(template[name])) {
    routed[method] = (...args) => route((db) => (db[name] as unknown as Methods)[method]!(...args), method);
  }
  return routed as unknown as IDatabaseAdapter[K];
}

function methodNames(repository: object): string[] {
  const names = new Set<string>();
  for (let level = repository; level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const key of Object.getOwnPropertyNames(level)) {
      if (key !== 'constructor' && typeof (repository as Record<string, unknown>)[key] === 'function') {
        names.add(key);
      }
    }
  }
  return [...names];
}
