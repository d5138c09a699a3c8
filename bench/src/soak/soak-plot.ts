import { writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SoakMinute } from './soak-verdict.js';

/**
 * Draws the soak as a PNG at `path`: every process's RSS (MiB) and the p99 latency (ms) per minute,
 * one panel each, sharing the minute axis (Vega-Lite to SVG, rendered by resvg).
 */
export async function plotSoak(minutes: readonly SoakMinute[], title: string, path: string): Promise<void> {
  const memory = minutes.flatMap((minute) =>
    Object.entries(minute.rssMiB)
      .filter((entry): entry is [string, number] => entry[1] !== null)
      .map(([series, value]) => ({ minute: minute.minute, series, value })),
  );
  const latency = minutes.flatMap((minute) => [
    { minute: minute.minute, series: 'p50', value: minute.p50 },
    { minute: minute.minute, series: 'p99', value: minute.p99 },
  ]);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      panel(memory, 220, 'RSS floor (MiB)', 'process'),
      panel(latency, 160, 'latency (ms)', 'latency'),
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
  await writeFile(path, png);
}

/** One panel: a line per series over the minutes, the y axis from zero. */
function panel(
  values: { minute: number; series: string; value: number }[],
  height: number,
  y: string,
  legend: string,
) {
  return {
    width: 640,
    height,
    data: { values },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: {
        field: 'minute',
        type: 'quantitative' as const,
        title: 'minute',
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'value', type: 'quantitative' as const, title: y, scale: { zero: true } },
      color: { field: 'series', type: 'nominal' as const, title: legend },
    },
  };
}
