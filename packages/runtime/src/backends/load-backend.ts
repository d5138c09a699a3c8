import { ConfigError } from '../config/config-error.js';
import type { PortBackend } from './descriptor.js';

/**
 * Imports the adapter package of a chosen backend. When the package is not installed, this is a
 * configuration error naming the package and the choice (`install @bharatmart/database-oracle to use
 * DATABASE_TYPE=oci-autonomous`); any other failure of the import is passed on as it is.
 */
export async function loadBackend<M>(
  backend: PortBackend<unknown, unknown, never> & { load(): Promise<M> },
  choice: { variable: string; because: string },
): Promise<M> {
  try {
    return await backend.load();
  } catch (error) {
    if (backend.package && isMissingModule(error, backend.package)) {
      throw new ConfigError([
        { variable: choice.variable, message: `install ${backend.package} to use ${choice.because}` },
      ]);
    }
    throw error;
  }
}

/**
 * The import failed because `specifier` itself cannot be found (not something it imports). Duck-typed:
 * module loaders (Node's, Jest's) raise errors of their own realm.
 */
function isMissingModule(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message);
  return notFound && (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`));
}
