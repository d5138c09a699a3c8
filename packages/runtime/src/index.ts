export * from './config/app-config.js';
export * from './config/config-error.js';
export {
  CHOICES,
  CHOICE_VARIABLES,
  CONFIGURATION_SECTIONS,
  SECRETS,
  SECRET_NAMES,
  VARIABLES,
  envSchema,
} from './config/env-schema.js';
export type { EnvVariables } from './config/env-schema.js';
export * from './config/load-config.js';
export * from './config/describe-config.js';
export { renderConfigurationTables, withGeneratedTables } from './config/configuration-docs.js';
export * from './backends/descriptor.js';
export { PORTS } from './backends/ports.js';
export { parseBackend } from './backends/parse-backend.js';
export type { ParsedBackend } from './backends/parse-backend.js';
export { loadBackend } from './backends/load-backend.js';
export { redactCredential } from './backends/redact-credentials.js';
export { loadChosenBackends } from './registry/chosen-backends.js';
export * from './container.js';
export * from './health-monitor.js';
export * from './logger.js';
export * from './startup-secrets.js';
export * from './process-lifecycle.js';
export { startProcessTracing } from './tracing.js';
export { activeDatabasePath } from './registry/primary-database.js';
export { DatabaseSwitchController, type SwitchStatus } from './switch/switch-controller.js';
export { nextDatabaseConfig } from './switch/next-database.js';
export { createProcessMetrics } from './metrics/process-metrics.js';
export type { Registry as MetricsRegistry } from 'prom-client';
