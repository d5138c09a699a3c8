import { AdapterError, measureHealth } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';

/** Options of the AWS Secrets Manager provider. */
export interface AwsSecretsOptions {
  /** The region of the secrets, e.g. `ap-south-1`. */
  region: string;
  /**
   * Prepended to every name to form the secret id: with `bharatmart/prod/`, `get('JWT_SECRET')`
   * reads the secret `bharatmart/prod/JWT_SECRET`. Default `''`. Not used with `jsonSecretId`.
   */
  prefix?: string;
  /**
   * Name or ARN of one secret whose SecretString is a JSON object of names to values, e.g.
   * `{"JWT_SECRET": "…", "DB_PASSWORD": "…"}`. When set, every name is a key of that object (keys
   * with non-string values are absent) and no other secret is read. When omitted, every name is
   * its own secret and its SecretString is returned as it is, JSON or not.
   */
  jsonSecretId?: string;
  /** Endpoint URL to call instead of the region's (VPC endpoint, or a local stand-in in tests). */
  endpoint?: string;
  /** Credentials; default the SDK's own chain (environment, shared files, instance or task role). */
  credentials?: SecretsManagerClientConfig['credentials'];
}

const ADAPTER = 'aws-secrets-manager';
/** BatchGetSecretValue takes at most 20 secret ids per call. */
const BATCH_SIZE = 20;
/** Id asked for by `health()`; "not found" proves the service answered and accepted our credentials. */
const HEALTH_PROBE = 'bharatmart-health-probe';

// Duck-typed rather than instanceof, so an error from another copy of the SDK is still recognised.
const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : 'Error';

const unavailable = (what: string, error: unknown): AdapterError =>
  new AdapterError(ADAPTER, 'UNAVAILABLE', `${what} failed: ${errorName(error)}`, { cause: error });

/**
 * Secrets in AWS Secrets Manager, named `aws-secrets-manager`: `get(name)` reads the current
 * SecretString of `${prefix}${name}` (GetSecretValue), `getMany` asks for 20 ids per
 * BatchGetSecretValue call; or, with `jsonSecretId`, every name is a key of one JSON secret.
 * A secret that does not exist (ResourceNotFoundException) is absent. A secret holding only
 * SecretBinary is an `AdapterError` `MISCONFIGURED`; any other failure is `UNAVAILABLE`, naming the
 * secret and the AWS error code, never a value. The SDK client is created on first use.
 * `health()` asks for a probe secret (not found counts as up) or, with `jsonSecretId`, reads that.
 */
export function createAwsSecrets(options: AwsSecretsOptions): ISecretsProvider {
  const { region, prefix = '', jsonSecretId, endpoint, credentials } = options;
  let client: SecretsManagerClient | undefined;
  const getClient = (): SecretsManagerClient =>
    (client ??= new SecretsManagerClient({
      region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(credentials === undefined ? {} : { credentials }),
    }));

  const secretString = (
    id: string,
    entry: { SecretString?: string; SecretBinary?: Uint8Array },
  ): string | undefined => {
    if (entry.SecretString === undefined && entry.SecretBinary !== undefined) {
      throw new AdapterError(
        ADAPTER,
        'MISCONFIGURED',
        `secret "${id}" holds SecretBinary; only SecretString is supported`,
      );
    }
    return entry.SecretString;
  };

  /** The SecretString of `id`, or undefined when the secret does not exist. */
  const fetchOne = async (id: string): Promise<string | undefined> => {
    let output;
    try {
      output = await getClient().send(new GetSecretValueCommand({ SecretId: id }));
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw unavailable(`GetSecretValue of "${id}"`, error);
    }
    return secretString(id, output);
  };

  const fetchBatch = async (ids: readonly string[]): Promise<Map<string, string>> => {
    let output;
    try {
      output = await getClient().send(new BatchGetSecretValueCommand({ SecretIdList: [...ids] }));
    } catch (error) {
      throw unavailable(`BatchGetSecretValue of ${ids.length} secret(s)`, error);
    }
    const failed = (output.Errors ?? []).filter((e) => e.ErrorCode !== 'ResourceNotFoundException');
    if (failed.length > 0) {
      const detail = failed.map((e) => `"${e.SecretId ?? '?'}": ${e.ErrorCode ?? 'error'}`).join(', ');
      throw new AdapterError(ADAPTER, 'UNAVAILABLE', `BatchGetSecretValue failed for ${detail}`);
    }
    const values = new Map<string, string>();
    for (const entry of output.SecretValues ?? []) {
      const value = entry.Name === undefined ? undefined : secretString(entry.Name, entry);
      if (entry.Name !== undefined && value !== undefined) values.set(entry.Name, value);
    }
    return values;
  };

  /** The string-valued keys of the JSON secret. */
  const fetchJsonObject = async (id: string): Promise<Map<string, string>> => {
    const text = await fetchOne(id);
    if (text === undefined)
      throw new AdapterError(ADAPTER, 'MISCONFIGURED', `JSON secret "${id}" does not exist`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AdapterError(ADAPTER, 'MISCONFIGURED', `JSON secret "${id}" is not a JSON object`);
    }
    return new Map(
      Object.entries(parsed).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
    );
  };

  const getMany = async (names: readonly string[]): Promise<Record<string, string>> => {
    const unique = [...new Set(names)];
    if (unique.length === 0) return {};
    let valueOf: (name: string) => string | undefined;
    if (jsonSecretId !== undefined) {
      const object = await fetchJsonObject(jsonSecretId);
      valueOf = (name) => object.get(name);
    } else {
      const batches = [];
      for (let i = 0; i < unique.length; i += BATCH_SIZE) {
        batches.push(fetchBatch(unique.slice(i, i + BATCH_SIZE).map((name) => prefix + name)));
      }
      const byId = new Map((await Promise.all(batches)).flatMap((batch) => [...batch]));
      valueOf = (name) => byId.get(prefix + name);
    }
    const pairs: [string, string][] = [];
    for (const name of unique) {
      const value = valueOf(name);
      if (value !== undefined) pairs.push([name, value]);
    }
    // fromEntries defines own properties, so a name like `__proto__` cannot reach the prototype.
    return Object.fromEntries(pairs);
  };

  return {
    name: ADAPTER,
    async get(name) {
      if (jsonSecretId !== undefined) return (await fetchJsonObject(jsonSecretId)).get(name);
      return fetchOne(prefix + name);
    },
    getMany,
    health: () =>
      measureHealth(() =>
        jsonSecretId === undefined ? fetchOne(prefix + HEALTH_PROBE) : fetchJsonObject(jsonSecretId),
      ),
    async close() {
      client?.destroy();
      client = undefined;
    },
  };
}
