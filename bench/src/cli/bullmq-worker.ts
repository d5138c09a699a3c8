// A job worker process for the scaling benchmark: our BullMQ adapter, one handler that waits
// BENCH_JOB_MS (simulated I/O, default 1), concurrency from BENCH_CONCURRENCY. Prints "ready" once consuming.
import { createBullmqWorker } from '@bharatmart/worker-bullmq';

const worker = createBullmqWorker({
  redisUrl: process.env.BENCH_REDIS_URL ?? '',
  prefix: process.env.BENCH_PREFIX ?? '',
});
const jobMs = Number(process.env.BENCH_JOB_MS ?? 1);
worker.process('email.welcome', () => new Promise((resolve) => setTimeout(resolve, jobMs)), {
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 5),
});
await worker.start();
process.stdout.write('worker ready listening at http://127.0.0.1:0\n');
const stop = async () => {
  await worker.stop({ timeoutMs: 2_000 });
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
