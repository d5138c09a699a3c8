import type { ISecretsProvider } from '@bharatmart/core';
import { SpanKind, inSpan, insideTrace } from './spans.js';
import { decorate } from './decorate.js';

/**
 * `secrets` with `get` and `getMany`, when tracing is on inside a trace, wrapped in a client span
 * `secrets <operation>` that names the provider and how many names were asked, never a name or a
 * value. Meant for a backend under the runtime's secrets cache, so a span is a call to the backend.
 * Returns `secrets` itself when tracing is off.
 */
export function instrumentSecrets(
  secrets: ISecretsProvider,
  options: { provider: string; tracing: boolean },
): ISecretsProvider {
  if (!options.tracing) return secrets;
  const span = <T>(operation: string, names: number, call: () => Promise<T>): Promise<T> =>
    insideTrace()
      ? inSpan(
          `secrets ${operation}`,
          {
            kind: SpanKind.CLIENT,
            attributes: { 'secrets.provider': options.provider, 'secrets.names': names },
          },
          call,
        )
      : call();
  return decorate(secrets, {
    get: (name: string) => span('get', 1, () => secrets.get(name)),
    getMany: (names: readonly string[]) => span('getMany', names.length, () => secrets.getMany(names)),
  });
}
