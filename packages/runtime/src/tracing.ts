import { startTracing } from '@bharatmart/telemetry';
import type { Tracing } from '@bharatmart/telemetry';
import type { AppConfig } from './config/app-config.js';
import type { ProcessRole } from './container.js';

/**
 * Starts this process's tracing as configured (OTEL_*), named `bharatmart-<role>` unless
 * OTEL_SERVICE_NAME says otherwise. Call before `createContainer`. With tracing off nothing of the
 * OpenTelemetry SDK is loaded.
 */
export function startProcessTracing(config: AppConfig, role: ProcessRole): Promise<Tracing> {
  const { tracing } = config;
  if (!tracing.enabled) return startTracing(tracing);
  // `headers` is not enumerable (so no printout shows it): passed by name.
  return startTracing({
    ...tracing,
    headers: tracing.headers,
    serviceName: tracing.serviceName ?? `bharatmart-${role}`,
  });
}
