import type { ISecretsProvider } from '../ports/secrets.js';

/** What a secrets backend must supply: everything of ISecretsProvider but `getMany`, which is optional. */
export type SecretsProviderDefinition = Omit<ISecretsProvider, 'getMany'> &
  Partial<Pick<ISecretsProvider, 'getMany'>>;

/**
 * A complete ISecretsProvider from `definition`. A backend with a batch read supplies its own
 * `getMany`; for one without, the kit supplies it: each distinct name is asked with `get` in
 * parallel, absent names are left out, and the first failure rejects the whole call.
 */
export function defineSecrets(definition: SecretsProviderDefinition): ISecretsProvider {
  const { getMany } = definition;
  return {
    ...definition,
    getMany: getMany ?? ((names) => getEach(definition, names)),
  };
}

async function getEach(provider: Pick<ISecretsProvider, 'get'>, names: readonly string[]) {
  const values = await Promise.all(
    [...new Set(names)].map(async (name) => [name, await provider.get(name)] as const),
  );
  // fromEntries defines own properties, so a name like `__proto__` cannot reach the prototype.
  return Object.fromEntries(
    values.filter((pair): pair is readonly [string, string] => pair[1] !== undefined),
  );
}
