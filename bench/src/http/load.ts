import autocannon from 'autocannon';
import { quantile } from '../core/stats.js';

/** What one autocannon run measured. */
export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  /** Responses outside 2xx plus socket errors and timeouts. */
  bad: number;
}

/** One load run: bounded by `seconds` and by `maxRequests` in total. */
export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  maxRequests: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Path of the next request (varied per request), relative to the server. */
  path: () => string;
  /** Body of the next request, when any. */
  body?: () => string;
}

/** Runs autocannon against a 127.0.0.1 server and summarises latency (ms) and throughput. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  if (!spec.url.startsWith('http://127.0.0.1:')) throw new Error(`refusing a non-local target ${spec.url}`);
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        maxOverallRequests: spec.maxRequests,
        timeout: 10,
        requests: [
          {
            method: spec.method ?? 'GET',
            ...(spec.headers ? { headers: spec.headers } : {}),
            setupRequest: (request) => ({
              ...request,
              path: spec.path(),
              ...(spec.body ? { body: spec.body() } : {}),
            }),
          },
        ],
      },
      (error, done) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    // autocannon's own histogram has 1 ms resolution; record the exact (float ms) times of 2xx answers.
    instance.on('response', (_client, statusCode: number, _bytes, time: number) => {
      if (statusCode >= 200 && statusCode < 300) times.push(time);
    });
  });
  times.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    rps: result.requests.average,
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}
