import type { ISecretsProvider } from '@bharatmart/core';
import { ConfigError } from '../config/config-error.js';
import type { ConfigIssue } from '../config/config-error.js';
import type { SecretSpec } from './descriptor.js';

/**
 * Reads the secrets a backend declares through the secrets provider and checks the required ones —
 * the one place where a backend's secret requirements are enforced. A required secret held by no
 * provider stops startup naming it and the choice that needs it.
 */
export async function readBackendSecrets<C>(
  backend: { secrets?: readonly SecretSpec<C>[] },
  config: C,
  secrets: ISecretsProvider,
  options: { because: string; production: boolean },
): Promise<Record<string, string | undefined>> {
  const wanted = (backend.secrets ?? []).filter((spec) => spec.when?.(config) ?? true);
  if (wanted.length === 0) return {};
  const found = await secrets.getMany(wanted.map((spec) => spec.name));
  const issues: ConfigIssue[] = [];
  for (const spec of wanted) {
    const value = found[spec.name];
    const enforced = spec.required === 'always' || (spec.required === 'production' && options.production);
    if (enforced && (value === undefined || value === '')) {
      const when = spec.required === 'production' ? ' in production' : '';
      issues.push({
        variable: spec.name,
        message: `is required for ${options.because}${when} and was found in no secrets provider`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return found;
}
