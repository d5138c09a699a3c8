import {
  createContainer,
  createLogger,
  describeConfig,
  exitOnStartupError,
  loadConfig,
  onShutdownSignal,
  startBackground,
  startProcessTracing,
} from '@bharatmart/runtime';
import { buildApp } from './app.js';

const bootLogger = createLogger({ level: 'info', name: 'api' });

try {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'api', tracing: config.tracing.enabled });
  process.stdout.write(`${describeConfig(config)}\n`);
  const tracing = await startProcessTracing(config, 'api');
  const container = await createContainer(config, { env: process.env, logger, role: 'api' });
  const app = await buildApp(container);
  onShutdownSignal(logger, async () => {
    await app.close();
    await container.close(config.http.shutdownTimeoutMs);
    await tracing.shutdown();
  });
  await app.listen({ host: config.http.host, port: config.http.port });
  await startBackground(container);
  if (container.runsJobs) logger.info({}, 'job handlers running in this process (WORKER_MODE=in-process)');
} catch (error) {
  exitOnStartupError(bootLogger, error);
}
