/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schemas and responses are walked dynamically */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createProduct, registerCustomer } from '../support.js';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../src/routes/webhook-routes.js';
import { AUTHORIZATION_MATRIX } from './authorization-matrix.js';
import { describeOnEachConfiguration } from './configurations.js';
import type { SecurityDeployment } from './deployment.js';
import { startDeployment } from './deployment.js';

await describeOnEachConfiguration('fuzzing', (configuration, backing) => {
  /** Generated requests per operation and category (body, query, path). */
  const runs = configuration.fuzzRuns;

  let api: SecurityDeployment;
  let customerToken: string;
  let productId: string;
  let operations: {
    method: string;
    path: string;
    body?: any;
    query: any[];
    pathParams: string[];
    /** The statuses the document lists for the operation; any other answer is a contract break. */
    statuses: string[];
  }[];

  beforeAll(async () => {
    api = await startDeployment(configuration, backing(), { env: { LOG_LEVEL: 'info' } });
    customerToken = (await registerCustomer(api.client, 'Fuzz')).token;
    productId = (await createProduct(api, { stock: 1_000_000 })).id;
    const document = (await api.client.get('/docs/json')).body;
    operations = Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
      Object.entries(item as Record<string, any>).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        body: operation.requestBody?.content?.['application/json']?.schema,
        query: (operation.parameters ?? []).filter((p: any) => p.in === 'query'),
        pathParams: (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
        statuses: Object.keys(operation.responses ?? {}),
      })),
    );
  });

  afterAll(async () => {
    await api.stop();
  });

  /** Values shaped by `schema` but often outside it: wrong types, out-of-range numbers, extra or missing fields. */
  function near(schema: any, depth = 0): fc.Arbitrary<unknown> {
    const wrong = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string(),
      fc.double(),
      fc.constant([]),
      fc.constant({}),
    );
    if (!schema || depth > 3) return fc.jsonValue({ maxDepth: 2 });
    if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), wrong);
    switch (schema.type) {
      case 'integer':
      case 'number':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }),
          fc.constantFrom(-1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER),
          wrong,
        );
      case 'string':
        return fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.emailAddress(),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.constant(productId),
          wrong,
        );
      case 'array':
        return fc.oneof(fc.array(near(schema.items, depth + 1), { maxLength: 5 }), wrong);
      case 'object': {
        const entries = Object.entries(schema.properties ?? {}).map(
          ([key, value]) => [key, fc.option(near(value, depth + 1), { nil: undefined })] as const,
        );
        const shaped = fc
          .record(Object.fromEntries(entries))
          .map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
        const extra = fc
          .tuple(shaped, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
          .map(([record, key, value]) => ({ ...record, [key]: value }));
        return fc.oneof(shaped, extra, wrong);
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  async function totals(): Promise<{ products: number; orders: number }> {
    const [products, orders] = await Promise.all([
      api.client.get('/api/v1/products?limit=1'),
      api.client.get('/api/v1/orders?limit=1', { token: api.adminToken }),
    ]);
    return { products: products.body.total, orders: orders.body.total };
  }

  describe('schema-driven fuzzing', () => {
    it('generated bodies, query strings and path params never get a 5xx or a status the document does not list; every 4xx has the error shape; rejected requests change nothing', async () => {
      const before = await totals();
      const created = { products: 0, orders: 0 };
      const problems: string[] = [];
      for (const operation of operations) {
        const send = async (path: string, body: unknown, token?: string) => {
          const response = await api.client.request(operation.method, path, {
            ...(token ? { token } : {}),
            ...(body === undefined ? {} : { body }),
          });
          const label = `${operation.method} ${path} ${JSON.stringify(body)?.slice(0, 120)}`;
          if (response.status >= 500) problems.push(`${response.status} ${label}`);
          if (!operation.statuses.includes(String(response.status)))
            problems.push(`undocumented ${response.status} ${label}`);
          if (
            response.status >= 400 &&
            (typeof response.body?.error?.code !== 'string' ||
              typeof response.body?.error?.message !== 'string')
          ) {
            problems.push(
              `bad error shape ${response.status} ${label}: ${JSON.stringify(response.body).slice(0, 120)}`,
            );
          }
          if (response.status === 201 && operation.path === '/api/v1/products') created.products++;
          if (response.status === 201 && operation.path === '/api/v1/orders') created.orders++;
        };
        const fill = (value: string) => operation.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(value));
        const token = fc.constantFrom(undefined, customerToken, api.adminToken);
        if (operation.body) {
          await fc.assert(
            fc.asyncProperty(near(operation.body), token, async (body, bearer) =>
              send(fill(productId), body, bearer),
            ),
            { numRuns: runs },
          );
        }
        if (operation.query.length > 0) {
          const names = operation.query.map((p: any) => p.name);
          const query = fc.dictionary(
            fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })),
            fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String)),
            { maxKeys: 4 },
          );
          await fc.assert(
            fc.asyncProperty(query, token, async (params, bearer) =>
              send(
                `${fill(productId)}?${new URLSearchParams(params as Record<string, string>)}`,
                undefined,
                bearer,
              ),
            ),
            { numRuns: runs },
          );
        }
        if (operation.pathParams.length > 0) {
          await fc.assert(
            fc.asyncProperty(
              fc.oneof(
                fc.string({ maxLength: 100 }),
                fc.uuid(),
                fc.string({ unit: 'binary', maxLength: 20 }),
              ),
              token,
              async (value, bearer) => send(fill(value), operation.method === 'GET' ? undefined : {}, bearer),
            ),
            { numRuns: runs },
          );
        }
      }
      expect(problems.slice(0, 20)).toEqual([]);
      const after = await totals();
      expect(after).toEqual({
        products: before.products + created.products,
        orders: before.orders + created.orders,
      });
    }, 600_000);

    it('deeply nested JSON is a 400, not a crash', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const response = await api.client.post('/api/v1/orders', deep, { token: customerToken });
      expect(response.status).toBe(400);
      expect(typeof response.body.error.code).toBe('string');
      expect((await api.client.get('/healthz')).status).toBe(200);
    });
  });

  describe('wide input', () => {
    /** Most bytes an error answer to a wide request may have: a few KB, whatever the input. */
    const SMALL_ANSWER_BYTES = 4096;
    /** The default BODY_LIMIT_BYTES (1 MiB); the webhook route has its own, smaller limit. */
    const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
    /**
     * Wide bodies stay under the route's limit: a larger one is refused from its Content-Length and the
     * connection closed before the client has finished writing (startup and webhook tests cover the 413).
     */
    const bodyLimit = (path: string) =>
      path === '/api/v1/webhooks/razorpay' ? WEBHOOK_BODY_LIMIT_BYTES : DEFAULT_BODY_LIMIT_BYTES;
    /** As many empty objects as fit in `room` bytes: 349,000 under the default limit. */
    const wideArray = (room: number) =>
      `[${Array(Math.floor((room - 2) / 3))
        .fill('{}')
        .join(',')}]`;
    /** As many distinct keys as fit in `room` bytes: about 115,000 under the default limit. */
    function wideObject(room: number): string {
      const entries: string[] = [];
      let size = 2;
      for (let i = 0; ; i++) {
        const entry = `"${i.toString(36)}":0`;
        if (size + entry.length + 1 > room) break;
        entries.push(entry);
        size += entry.length + 1;
      }
      return `{${entries.join(',')}}`;
    }
    /** 2,000 unknown query parameters: as many as fit under the HTTP header size limit. */
    const WIDE_QUERY = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}=`).join('&');
    const PLACEHOLDER = '"<wide>"';

    /** A body template per position of `schema` (the whole body, each property, each array item). */
    function templates(schema: any, depth = 0): unknown[] {
      const here: unknown[] = [JSON.parse(PLACEHOLDER)];
      if (!schema || depth > 2) return here;
      if (schema.type === 'array') {
        return [...here, ...templates(schema.items, depth + 1).map((inner) => [inner])];
      }
      const nested = Object.entries(schema.properties ?? {}).flatMap(([key, value]) =>
        templates(value, depth + 1).map((inner) => ({ [key]: inner })),
      );
      return [...here, ...nested];
    }

    it('arrays and objects of hundreds of thousands of entries, at every position of every operation, get a small 400, 401, 403 or 404', async () => {
      const callers = { none: undefined, customer: customerToken, admin: api.adminToken };
      const problems: string[] = [];
      let sent = 0;
      for (const operation of operations) {
        const expected = AUTHORIZATION_MATRIX[`${operation.method} ${operation.path}`];
        if (!expected) throw new Error(`${operation.method} ${operation.path} is not in the matrix`);
        const path = operation.path.replace(/\{(\w+)\}/g, () => productId);
        const requests: { label: string; url: string; body?: string }[] = [];
        if (operation.method !== 'GET') {
          for (const template of templates(operation.body)) {
            const text = JSON.stringify(template);
            const room = bodyLimit(operation.path) - (Buffer.byteLength(text) - PLACEHOLDER.length);
            requests.push(
              { label: `array at ${text}`, url: path, body: text.replace(PLACEHOLDER, wideArray(room)) },
              { label: `object at ${text}`, url: path, body: text.replace(PLACEHOLDER, wideObject(room)) },
            );
          }
        } else if (operation.query.length > 0) {
          requests.push({ label: '2,000 query parameters', url: `${path}?${WIDE_QUERY}` });
        }
        for (const request of requests) {
          for (const [caller, token] of Object.entries(callers)) {
            const response = await fetch(api.client.baseUrl + request.url, {
              method: operation.method,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(request.body === undefined ? {} : { body: request.body }),
            });
            const answer = await response.text();
            sent++;
            const allowed =
              caller === 'none' && expected.none === 401
                ? [401]
                : caller === 'customer' && expected.owner === 403
                  ? [403]
                  : operation.body || operation.method === 'GET'
                    ? [400]
                    : [400, 404];
            const details = JSON.parse(answer)?.error?.details;
            // Body validation stops at the first problem; a query string's problems are listed, at most 20.
            const mostDetails = request.body === undefined ? 20 : 1;
            if (
              !allowed.includes(response.status) ||
              !operation.statuses.includes(String(response.status)) ||
              Buffer.byteLength(answer) > SMALL_ANSWER_BYTES ||
              (Array.isArray(details) && details.length > mostDetails)
            ) {
              problems.push(
                `${operation.method} ${operation.path} ${request.label} as ${caller}: ${response.status}, ` +
                  `${Buffer.byteLength(answer)} bytes, ${details?.length ?? 0} details; expected ` +
                  `${allowed.join('/')} under ${SMALL_ANSWER_BYTES} bytes, at most ${mostDetails} details`,
              );
            }
          }
        }
      }
      expect(sent).toBeGreaterThan(100);
      expect(problems.slice(0, 20)).toEqual([]);
      expect((await api.client.get('/healthz')).status).toBe(200);
    }, 300_000);
  });
});
