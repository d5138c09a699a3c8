import { randomBytes } from 'node:crypto';
import type { ISecretsProvider, Logger } from '@bharatmart/core';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { SECRET_NAMES } from './config/env-schema.js';

/** Shortest JWT signing key accepted (HS256 wants at least 256 bits). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The key that signs and verifies tokens, read through the secrets provider on every call so a
 * rotated key is used after the provider's next refresh.
 */
export type JwtKeySource = () => Promise<Uint8Array>;

/**
 * Checks the secrets the process needs before it listens. In production a missing or short
 * JWT_SECRET stops startup; in development and test a missing one is replaced by a random key for
 * this process only (tokens then do not survive a restart), with a warning.
 */
export async function resolveJwtKey(
  config: AppConfig,
  secrets: ISecretsProvider,
  logger: Logger,
): Promise<JwtKeySource> {
  const name = SECRET_NAMES.jwtSecret;
  const initial = await secrets.get(name);
  if (initial === undefined) {
    if (config.env === 'production') {
      throw new ConfigError([
        {
          variable: name,
          message: `is required in production and was found in no secrets provider (${config.secrets.provider})`,
        },
      ]);
    }
    logger.warn(
      { secretName: name },
      `${name} is not set: using a random key for this process; tokens will not survive a restart`,
    );
    const ephemeral = randomBytes(MIN_JWT_SECRET_BYTES);
    return async () => ephemeral;
  }
  const check = (value: string): Uint8Array => {
    const bytes = new TextEncoder().encode(value);
    if (bytes.length < MIN_JWT_SECRET_BYTES) {
      throw new ConfigError([
        {
          variable: name,
          message: `must be at least ${MIN_JWT_SECRET_BYTES} bytes long (got ${bytes.length})`,
        },
      ]);
    }
    return bytes;
  };
  check(initial);
  return async () => check((await secrets.get(name)) ?? initial);
}

/** The bootstrap admin's email when ADMIN_EMAIL is set nowhere. */
export const DEFAULT_ADMIN_EMAIL = 'admin@bharatmart.local';

/** The bootstrap admin's credentials and where its email came from. */
export interface AdminCredentials {
  email: string;
  password: string;
  /** `secrets provider` (it holds ADMIN_EMAIL), `environment` (ADMIN_EMAIL variable) or `default`. */
  emailSource: 'secrets provider' | 'environment' | 'default';
}

/**
 * The bootstrap admin's credentials, if a password is configured. The email is ADMIN_EMAIL as the
 * secrets provider holds it, else the ADMIN_EMAIL variable, else DEFAULT_ADMIN_EMAIL; a variable that
 * the provider's value overrides is logged, never silently dropped.
 */
export async function resolveAdminCredentials(
  config: AppConfig,
  secrets: ISecretsProvider,
  logger: Logger,
): Promise<AdminCredentials | undefined> {
  const found = await secrets.getMany([SECRET_NAMES.adminEmail, SECRET_NAMES.adminPassword]);
  const held = found[SECRET_NAMES.adminEmail];
  if (held !== undefined && config.adminEmail !== undefined && held !== config.adminEmail) {
    logger.warn(
      { variable: SECRET_NAMES.adminEmail, used: held, ignored: config.adminEmail },
      'ADMIN_EMAIL is set in the environment and in the secrets provider; the secrets provider wins',
    );
  }
  const email = held ?? config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
  const emailSource =
    held !== undefined ? 'secrets provider' : config.adminEmail !== undefined ? 'environment' : 'default';
  const password = found[SECRET_NAMES.adminPassword];
  if (password === undefined) {
    if (config.env === 'production') {
      throw new ConfigError([
        {
          variable: SECRET_NAMES.adminPassword,
          message: 'is required in production and was found in no secrets provider',
        },
      ]);
    }
    logger.warn({}, `${SECRET_NAMES.adminPassword} is not set: no admin user is created`);
    return undefined;
  }
  if (password.length < 8) {
    throw new ConfigError([
      { variable: SECRET_NAMES.adminPassword, message: 'must be at least 8 characters long' },
    ]);
  }
  return { email, password, emailSource };
}

/**
 * The simulated gateway's key outside production when PAYMENT_GATEWAY_API_KEY is set nowhere: one
 * fixed, public value, so an API and its worker processes still sign and verify alike.
 */
export const DEVELOPMENT_PAYMENT_GATEWAY_API_KEY = 'bharatmart-development-only-payment-key';

/**
 * The payment gateway's API key, read once through the secrets provider by a process that runs the
 * payment jobs. In production a missing key stops startup naming it; in development and test the
 * public DEVELOPMENT_PAYMENT_GATEWAY_API_KEY is used instead, with a warning.
 */
export async function resolvePaymentGatewayKey(
  config: AppConfig,
  secrets: ISecretsProvider,
  logger: Logger,
): Promise<string> {
  const name = SECRET_NAMES.paymentGatewayApiKey;
  const key = await secrets.get(name);
  if (key !== undefined) return key;
  if (config.env === 'production') {
    throw new ConfigError([
      {
        variable: name,
        message: `is required in production by processes that run payment jobs and was found in no secrets provider (${config.secrets.provider})`,
      },
    ]);
  }
  logger.warn({ secretName: name }, `${name} is not set: using the public development key`);
  return DEVELOPMENT_PAYMENT_GATEWAY_API_KEY;
}
