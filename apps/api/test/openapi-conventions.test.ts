import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { installOpenApiConventions, operation, responses } from '../src/http/openapi.js';

/** A Fastify scope holding the conventions, with the shared error schema the responses reference. */
function scope() {
  const app = Fastify();
  app.addSchema({ $id: 'Error', type: 'object' });
  installOpenApiConventions(app);
  return app;
}

const handler = async () => ({});

describe('installOpenApiConventions', () => {
  it('refuses a route without operation({...}) or with a malformed operationId', () => {
    const app = scope();
    expect(() => app.get('/bare', { schema: { summary: 'No id' } }, handler)).toThrow(
      /operation\(\{\.\.\.\}\)/,
    );
    expect(() =>
      app.get(
        '/snake',
        {
          schema: {
            ...operation({ operationId: 'list_things', tag: 'catalog', access: 'public', summary: 's' }),
          },
        },
        handler,
      ),
    ).toThrow(/operation\(\{\.\.\.\}\)/);
  });

  it('refuses a second route with the same operationId', () => {
    const app = scope();
    const schema = operation({
      operationId: 'getThing',
      tag: 'catalog',
      access: 'public',
      summary: 'A thing',
    });
    app.get('/one', { schema }, handler);
    expect(() => app.get('/two', { schema }, handler)).toThrow(/getThing is taken/);
  });

  it('adds the errors of the route kind to the ones it declares', async () => {
    const app = scope();
    let documented: Record<string, unknown> = {};
    app.addHook('onRoute', (route) => {
      if (route.method !== 'HEAD') documented = (route.schema?.response ?? {}) as Record<string, unknown>;
    });
    app.post(
      '/things/:id',
      {
        config: { rateLimit: { max: 1, timeWindow: 1000 } },
        schema: {
          ...operation({ operationId: 'changeThing', tag: 'admin', access: 'admin', summary: 'Change' }),
          params: { type: 'object', properties: { id: { type: 'string' } } },
          response: responses({ 200: { type: 'object' } }, 'NOT_FOUND', 'VALIDATION_FAILED'),
        },
      },
      handler,
    );
    await app.ready();
    expect(Object.keys(documented).sort()).toEqual(
      ['200', '400', '401', '403', '404', '413', '415', '429', '500', '503'].sort(),
    );
    const badRequest = documented['400'] as { description: string };
    expect(badRequest.description).toContain('`VALIDATION_FAILED`');
    expect(badRequest.description).toContain('`INVALID_JSON`');
    await app.close();
  });

  it('leaves a public read without input with only 500 and 503 beside its success', async () => {
    const app = scope();
    let documented: Record<string, unknown> = {};
    app.addHook('onRoute', (route) => {
      if (route.method !== 'HEAD') documented = (route.schema?.response ?? {}) as Record<string, unknown>;
    });
    app.get(
      '/ping',
      {
        schema: {
          ...operation({ operationId: 'ping', tag: 'operations', access: 'public', summary: 'Ping' }),
        },
      },
      handler,
    );
    await app.ready();
    expect(Object.keys(documented).sort()).toEqual(['500', '503']);
    await app.close();
  });
});
