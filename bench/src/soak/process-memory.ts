import { readFile } from 'node:fs/promises';

/**
 * The resident set size of process `pid` in MiB (VmRSS from /proc, Linux only), or null when the
 * process is gone.
 */
export async function residentMiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

/** The pids of `pid`'s direct children (e.g. nginx's worker under its master), from /proc. */
export async function childPids(pid: number): Promise<number[]> {
  try {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return children.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * The V8 heap in use by a BharatMart process in MiB, read from its Prometheus `/metrics`
 * (`nodejs_heap_size_used_bytes`), or null when it does not answer: with RSS, it tells memory the
 * JavaScript keeps from memory the allocator holds.
 */
export async function heapUsedMiB(metricsUrl: string): Promise<number | null> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) });
    const bytes = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(await response.text())?.[1];
    return bytes === undefined ? null : Number(bytes) / 1024 / 1024;
  } catch {
    return null;
  }
}
