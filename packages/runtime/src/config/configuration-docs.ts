import type { VariableShape } from '../backends/descriptor.js';
import { CONFIGURATION_SECTIONS, SECRETS } from './env-schema.js';

/** Marks where the generated part of docs/configuration.md starts and ends. */
export const GENERATED_START =
  '<!-- generated from the backend descriptors and general-settings.ts by `pnpm docs:config`; edit those, not this -->';
export const GENERATED_END = '<!-- end of generated part -->';

/** A Markdown table laid out as Prettier lays it out, so the generated file passes `prettier --check`. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The default as the docs show it: the parsed value of an unset variable, or — when there is none. */
function shownDefault(spec: VariableShape[string]): string {
  const parsed = spec.schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? `\`${String(parsed.data)}\`` : '—';
}

/**
 * The variable and secret tables of docs/configuration.md, from the descriptors and the general
 * settings: every variable with its default and meaning, by section, then every secret.
 */
export function renderConfigurationTables(): string {
  const parts: string[] = [];
  for (const section of CONFIGURATION_SECTIONS) {
    const rows = Object.entries(section.variables).map(([name, spec]) => [
      `\`${name}\``,
      shownDefault(spec),
      spec.doc,
    ]);
    parts.push(`## ${section.title}`, table(['variable', 'default', 'meaning'], rows));
    if (section.title === 'Secrets') {
      parts.push(
        'These **secret values** are read by name through the secrets provider, never through the schema,\nand never appear in logs, errors or the configuration printout:',
        table(
          ['secret', 'meaning'],
          SECRETS.map((secret) => [`\`${secret.name}\``, secret.doc]),
        ),
      );
    }
  }
  return [GENERATED_START, ...parts, GENERATED_END].join('\n\n');
}

/** `document` with its generated part replaced by the current one. */
export function withGeneratedTables(document: string): string {
  const start = document.indexOf(GENERATED_START);
  const end = document.indexOf(GENERATED_END);
  if (start < 0 || end < start) throw new Error('configuration.md has no generated part to replace');
  return document.slice(0, start) + renderConfigurationTables() + document.slice(end + GENERATED_END.length);
}
