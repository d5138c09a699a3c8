import { errorCodes } from '../http/error-codes.js';

/** The parts of an OpenAPI 3 document the reference is made of. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  'x-required-role'?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The operations of `document` as Markdown tables, one per tag in order of first appearance: method
 * and path, operationId, what it does, whether it needs a bearer token (and which role), and every
 * status it documents.
 */
export function renderOperations(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    const methods = Object.keys(operations).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const method of methods) {
      const operation = operations[method] as OpenApiOperation;
      const tag = operation.tags?.[0] ?? 'other';
      const access =
        (operation.security?.length ?? 0) === 0
          ? 'public'
          : operation['x-required-role']
            ? `bearer token (${operation['x-required-role']})`
            : 'bearer token';
      const statuses = Object.keys(operation.responses ?? {}).join(', ');
      const row =
        `| \`${method.toUpperCase()} ${path}\` | \`${operation.operationId ?? ''}\` | ${operation.summary ?? ''} ` +
        `| ${access} | ${statuses} |`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  return [...byTag]
    .map(([tag, rows]) =>
      [
        `### ${tag}`,
        '',
        '| operation | operationId | what it does | access | statuses |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    )
    .join('\n\n');
}

/** Every error code the API answers with, its HTTP status and its meaning, as one Markdown table. */
export function renderErrorCodes(): string {
  const rows = errorCodes().map(({ code, status, meaning }) => `| \`${code}\` | ${status} | ${meaning} |`);
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * `markdown` with the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` replaced
 * by `content`. Throws when the markers are missing, so a renamed block cannot silently go stale.
 */
export function replaceGeneratedBlock(markdown: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/api.md has no block ${start} … ${end}`);
  return `${markdown.slice(0, from + start.length)}\n\n${content}\n\n${markdown.slice(to)}`;
}

/** docs/api.md with both generated blocks (operations, error codes) rendered from `document`. */
export function renderApiReference(markdown: string, document: OpenApiDocument): string {
  return replaceGeneratedBlock(
    replaceGeneratedBlock(markdown, 'operations', renderOperations(document)),
    'error-codes',
    renderErrorCodes(),
  );
}
