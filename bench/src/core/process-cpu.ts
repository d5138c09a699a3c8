import { readFile } from 'node:fs/promises';

/** Linux reports /proc/<pid>/stat times in USER_HZ ticks, 100 a second on every architecture it exports. */
const TICKS_PER_MS = 100 / 1000;

/**
 * CPU time (user + system, ms) process `pid` has used so far, from /proc (Linux only), or 0 when it
 * is gone: compare two readings to charge a stretch of work to a process.
 */
export async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields counted from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
  } catch {
    return 0;
  }
}

/** CPU time (ms) this process has used so far, user + system. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
