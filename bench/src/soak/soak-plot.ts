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
      .map(([process, rss]) => ({ minute: minute.minute, process, rss })),
  );
  const latency = minutes.map((minute) => ({ minute: minute.minute, p99: minute.p99, p50: minute.p50 }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: 640,
        height: 220,
        data: { values: memory },
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'minute',
            type: 'quantitative',
            title: 'minute',
            axis: { tickMinStep: 1, format: 'd' },
          },
          y: { field: 'rss', type: 'quantitative', title: 'RSS floor (MiB)', scale: { zero: true } },
          color: { field: 'process', type: 'nominal', title: 'process' },
        },
      },
      {
        width: 640,
        height: 160,
        data: { values: latency },
        transform: [{ fold: ['p50', 'p99'], as: ['quantile', 'ms'] }],
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'minute',
            type: 'quantitative',
            title: 'minute',
            axis: { tickMinStep: 1, format: 'd' },
          },
          y: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { zero: true } },
          color: { field: 'quantile', type: 'nominal', title: 'latency' },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
  await writeFile(path, png);
}
