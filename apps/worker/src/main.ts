import {
  createContainer,
  createLogger,
  createProcessMetrics,
  describeConfig,
  exitOnStartupError,
  loadConfig,
  onShutdownSignal,
  startBackground,
  startProcessTracing,
} from '@bharatmart/runtime';
import { startHealthServer } from './health-server.js';

const bootLogger = createLogger({ level: 'info', name: 'worker' });

try {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'worker', tracing: config.tracing.enabled });
  process.stdout.write(`${describeConfig(config)}\n`);
  if (config.worker.mode === 'in-process' || config.worker.mode === 'none') {
    process.stdout.write(
      config.worker.mode === 'in-process'
        ? 'WORKER_MODE=in-process: the API process runs every job itself, so no separate worker is needed. Set WORKER_MODE to a queue backend (e.g. bull-queue) to run workers as their own processes.\n'
        : 'WORKER_MODE=none: no queue is configured, so there is nothing for a worker to process.\n',
    );
    process.exit(0);
  }
  const tracing = await startProcessTracing(config, 'worker');
  const container = await createContainer(config, { env: process.env, logger, role: 'worker' });
  let consuming = false;
  const health =
    config.workerHealthPort > 0
      ? await startHealthServer(
          container,
          config.workerHealthPort,
          () => consuming,
          createProcessMetrics(container),
        )
      : undefined;
  onShutdownSignal(logger, async () => {
    consuming = false;
    await container.close(config.http.shutdownTimeoutMs);
    health?.close();
    await tracing.shutdown();
  });
  await startBackground(container);
  consuming = true;
  logger.info(
    {
      mode: config.worker.mode,
      concurrency: config.worker.concurrency,
      healthPort: config.workerHealthPort || undefined,
    },
    'worker started',
  );
} catch (error) {
  exitOnStartupError(bootLogger, error);
}
