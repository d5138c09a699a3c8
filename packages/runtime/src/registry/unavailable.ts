import { ConfigError } from '../config/config-error.js';

/**
 * The error for a value the schema accepts but whose adapter is not in this build yet: startup stops
 * and says so, rather than silently running on something else.
 */
export function adapterNotAvailable(
  variable: string,
  value: string,
  available: readonly string[],
): ConfigError {
  return new ConfigError([
    {
      variable,
      message: `'${value}' is a recognised value but its adapter is not available in this build yet; available now: ${available.join(', ')}`,
    },
  ]);
}
