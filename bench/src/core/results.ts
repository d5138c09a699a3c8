import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { round } from './stats.js';

/** One row of the report: our figure against the reference, with the target it is judged by. */
export interface ResultRow {
  name: string;
  /** Our figure (adapter / API / scaled), or null when skipped. */
  ours: number | null;
  /** The reference figure (raw driver / bare Fastify / baseline), or null when skipped. */
  reference: number | null;
  unit: string;
  /** ours / reference for latencies; ours / reference for throughputs when `higher`. */
  ratio: number | null;
  /** The ratio the row must meet: at most this, or at least this when `higher`. */
  target: number | null;
  /** True when a larger ratio is better. */
  higher?: boolean;
  /** pass / fail / info (no target) / skipped. */
  verdict: 'pass' | 'fail' | 'info' | 'skipped';
  /** Extra context: p99s, why skipped, what shares the cores. */
  note?: string;
}

/** Builds a row, computing the ratio and the verdict honestly from the figures. */
export function row(input: {
  name: string;
  ours: number;
  reference: number;
  unit: string;
  target?: number;
  higher?: boolean;
  /** Ratio as reference / ours (e.g. bare req/s over API req/s: how many times slower we are). */
  invert?: boolean;
  note?: string;
}): ResultRow {
  const [top, bottom] = input.invert ? [input.reference, input.ours] : [input.ours, input.reference];
  const ratio = bottom > 0 ? top / bottom : Number.NaN;
  const target = input.target ?? null;
  let verdict: ResultRow['verdict'] = 'info';
  if (target !== null) {
    const ok = input.higher ? ratio >= target : ratio <= target;
    verdict = Number.isFinite(ratio) && ok ? 'pass' : 'fail';
  }
  return {
    name: input.name,
    ours: round(input.ours),
    reference: round(input.reference),
    unit: input.unit,
    ratio: round(ratio),
    target,
    ...(input.higher ? { higher: true } : {}),
    verdict,
    ...(input.note ? { note: input.note } : {}),
  };
}

/** A row for a comparison that could not run, with the reason. */
export function skipped(
  name: string,
  unit: string,
  reason: string,
  target?: number,
  higher?: boolean,
): ResultRow {
  return {
    name,
    ours: null,
    reference: null,
    unit,
    ratio: null,
    target: target ?? null,
    ...(higher ? { higher: true } : {}),
    verdict: 'skipped',
    note: reason,
  };
}

/** The machine the numbers came from. */
export function machine(): {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtEnd: number[];
} {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    // Other work on the machine during the run shows here (1, 5, 15 minutes).
    loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const fmt = (value: number | null): string => (value === null ? '-' : String(value));

/** The results as a fixed-width text table (also copied into bench/README.md). */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['name', 'ours', 'reference', 'unit', 'ratio', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.ours),
    fmt(r.reference),
    r.unit,
    fmt(r.ratio),
    r.target === null ? '-' : `${r.higher ? '>=' : '<='} ${r.target}`,
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note ?? ''}`);
  return [line(header), rule, ...body.map(line), '', ...notes].join('\n');
}

/** Writes `{ machine, date, mode, results }` to `path`. */
export async function writeResults(path: string, mode: string, rows: readonly ResultRow[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const document = { machine: machine(), date: new Date().toISOString(), mode, results: rows };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}
