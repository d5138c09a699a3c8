/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is walked as JSON */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi } from './support.js';
import type { TestApi } from './support.js';

/** The real Redocly CLI, installed as a dev dependency of the API (no network). */
const REDOCLY = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));
const SNAPSHOT = new URL('../../../packages/client/openapi.json', import.meta.url);

/** Warnings of the recommended ruleset kept on purpose; redocly.yaml says why. Anything else fails. */
const DECIDED_WARNINGS = [
  'operation-4xx-response #/paths/~1healthz/get/responses',
  'operation-4xx-response #/paths/~1readyz/get/responses',
  'operation-4xx-response #/paths/~1metrics/get/responses',
];

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** Lints `document` with `redocly lint` and redocly.yaml; its problems as `rule pointer`, by severity. */
function lint(document: unknown): { errors: string[]; warnings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const run = spawnSync(REDOCLY, ['lint', file, '--config', CONFIG, '--format=json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 60_000,
    });
    if (!run.stdout.trim().startsWith('{'))
      throw new Error(`redocly lint did not report: ${run.status} ${run.stderr}`);
    const problems = (JSON.parse(run.stdout) as { problems: Problem[] }).problems;
    const named = (severity: Problem['severity']) =>
      problems
        .filter((problem) => problem.severity === severity)
        .map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`)
        .sort();
    // redocly exits non-zero exactly when there are errors.
    expect(run.status === 0).toBe(named('error').length === 0);
    return { errors: named('error'), warnings: named('warn') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Every operation of `document` as [`METHOD path`, operation]. */
function operations(document: any): [string, any][] {
  return Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
    Object.entries(item as Record<string, any>)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): [string, any] => [`${method.toUpperCase()} ${path}`, operation]),
  );
}

describe('the OpenAPI document the API serves', () => {
  let api: TestApi;
  let served: any;
  beforeAll(async () => {
    api = await startTestApi();
    const response = await api.client.get('/docs/json');
    expect(response.status).toBe(200);
    served = response.body;
  });
  afterAll(() => api?.app.stop());

  it('passes `redocly lint` with the recommended ruleset: no error, only the decided warnings', () => {
    const { errors, warnings } = lint(served);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([...DECIDED_WARNINGS].sort());
  });

  it('fails the lint when an operation is not marked public or secured, or a path ends in a slash', () => {
    const broken = structuredClone(served);
    delete broken.paths['/api/v1/products'].get.security;
    broken.paths['/api/v1/orders/'] = broken.paths['/api/v1/orders'];
    delete broken.paths['/api/v1/orders'];
    delete broken.servers;
    const { errors } = lint(broken);
    expect(errors).toEqual(
      expect.arrayContaining([
        'security-defined #/paths/~1api~1v1~1products/get',
        'no-path-trailing-slash #/paths/~1api~1v1~1orders~1',
        'no-empty-servers #/openapi',
      ]),
    );
  });

  it('gives every operation a unique lowerCamelCase operationId, a security list and the shared error body', () => {
    const ids = operations(served).map(([, operation]) => operation.operationId);
    expect(ids.every((id) => /^[a-z][a-zA-Z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, operation] of operations(served)) {
      expect([name, Array.isArray(operation.security)]).toEqual([name, true]);
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        if (Number(status) < 400 || (name === 'GET /readyz' && status === '503')) continue;
        const media = response.content['application/json'];
        expect([name, status, media.schema]).toEqual([name, status, { $ref: '#/components/schemas/Error' }]);
        expect([name, status, typeof media.example.error.code]).toEqual([name, status, 'string']);
      }
    }
  });

  it('documents 401 on every secured operation and 403 on every admin one', () => {
    for (const [name, operation] of operations(served)) {
      const statuses = Object.keys(operation.responses);
      if (operation.security.length > 0)
        expect([name, statuses]).toEqual([name, expect.arrayContaining(['401'])]);
      if (operation['x-required-role'] === 'admin')
        expect([name, statuses]).toEqual([name, expect.arrayContaining(['403'])]);
      expect([name, statuses]).toEqual([name, expect.arrayContaining(['500', '503'])]);
    }
  });

  it('is the committed contract snapshot packages/client/openapi.json the typed client is generated from', () => {
    // On failure: run `pnpm client:generate` and commit packages/client.
    expect(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))).toEqual(served);
  });
});
