export { createEnvSecrets, type EnvSecretsOptions } from './env-secrets-provider.js';
