export { createFileSecrets, type FileSecretsOptions } from './file-secrets-provider.js';
