import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService } from '@bharatmart/testkit';
import { startFixture, type StandinFixture } from './fixtures.js';

await describeWithService('postgres', 'Supabase stand-in: writes and rpc', () => {
  let fx: StandinFixture;
  beforeAll(async () => {
    fx = await startFixture('standin_writes');
  });
  afterAll(() => fx?.close());

  const representation = { prefer: 'return=representation' };

  describe('insert, upsert, update, delete', () => {
    it('inserts with return=representation (201 and the rows) or minimal (201, no body)', async () => {
      const created = await fx.call('authors?select=id,name', {
        method: 'POST',
        headers: representation,
        body: [{ id: 10, name: 'Ruskin Bond' }],
      });
      expect([created.status, await created.json()]).toEqual([201, [{ id: 10, name: 'Ruskin Bond' }]]);
      const minimal = await fx.call('authors', { method: 'POST', body: { id: 11, name: 'Vikram Seth' } });
      expect([minimal.status, await minimal.text()]).toEqual([201, '']);
      const single = await fx.call('authors', {
        method: 'POST',
        headers: { ...representation, accept: 'application/vnd.pgrst.object+json' },
        body: { id: 12, name: 'Arundhati Roy' },
      });
      expect(await single.json()).toEqual({ id: 12, name: 'Arundhati Roy' });
    });

    it('answers 409 with the PostgreSQL error for unique and foreign-key violations, 400 for bad values', async () => {
      const duplicate = await fx.call('authors', { method: 'POST', body: { id: 20, name: 'Tagore' } });
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toEqual({
        code: '23505',
        details: 'Key (name)=(Tagore) already exists.',
        hint: null,
        message: 'duplicate key value violates unique constraint "authors_name_key"',
      });
      const orphan = await fx.call('books', { method: 'POST', body: { id: 20, author_id: 99, title: 'x' } });
      expect([orphan.status, ((await orphan.json()) as { code: string }).code]).toEqual([409, '23503']);
      const badValue = await fx.call('books', {
        method: 'POST',
        body: { id: 'twenty', author_id: 1, title: 'x' },
      });
      expect([badValue.status, ((await badValue.json()) as { code: string }).code]).toEqual([400, '22P02']);
      const badJson = await fx.call('books', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect([badJson.status, ((await badJson.json()) as { code: string }).code]).toEqual([400, 'PGRST102']);
    });

    it('upserts with resolution=merge-duplicates or ignore-duplicates on on_conflict columns', async () => {
      await fx.call('authors', { method: 'POST', body: { id: 33, name: 'Amrita Pritam' } });
      const merged = await fx.call('authors?on_conflict=name&select=id,name', {
        method: 'POST',
        headers: { prefer: 'return=representation,resolution=merge-duplicates' },
        body: [
          { id: 30, name: 'Amrita Pritam' },
          { id: 31, name: 'Kamala Das' },
        ],
      });
      expect(await merged.json()).toEqual([
        { id: 30, name: 'Amrita Pritam' },
        { id: 31, name: 'Kamala Das' },
      ]);
      const ignored = await fx.call('authors?on_conflict=id', {
        method: 'POST',
        headers: { prefer: 'return=representation, resolution=ignore-duplicates' },
        body: [
          { id: 31, name: 'Someone Else' },
          { id: 32, name: 'Mahasweta Devi' },
        ],
      });
      expect(await ignored.json()).toEqual([{ id: 32, name: 'Mahasweta Devi' }]);
      const byPrimaryKey = await fx.call('authors', {
        method: 'POST',
        headers: { prefer: 'resolution=merge-duplicates' },
        body: { id: 32, name: 'Mahasweta' },
      });
      expect(byPrimaryKey.status).toBe(201);
      expect(await (await fx.call('authors?id=in.(30,31,32,33)&order=id')).json()).toEqual([
        { id: 30, name: 'Amrita Pritam' },
        { id: 31, name: 'Kamala Das' },
        { id: 32, name: 'Mahasweta' },
      ]);
    });

    it('updates the filtered rows, counting them with count=exact', async () => {
      const minimal = await fx.call('books?author_id=eq.1', {
        method: 'PATCH',
        headers: { prefer: 'count=exact' },
        body: { published: false },
      });
      expect([minimal.status, minimal.headers.get('content-range')]).toEqual([204, '0-1/2']);
      const returned = await fx.call('books?id=eq.1&select=id,published', {
        method: 'PATCH',
        headers: representation,
        body: { published: true },
      });
      expect([returned.status, await returned.json()]).toEqual([200, [{ id: 1, published: true }]]);
    });

    it('rolls back a singular update or delete that matched other than one row (406)', async () => {
      const wide = await fx.call('books?author_id=eq.2', {
        method: 'DELETE',
        headers: { ...representation, accept: 'application/vnd.pgrst.object+json' },
      });
      expect([wide.status, ((await wide.json()) as { code: string }).code]).toEqual([406, 'PGRST116']);
      expect(await (await fx.call('books?author_id=eq.2&select=id')).json()).toHaveLength(2);
    });

    it('deletes the filtered rows, returning them on request', async () => {
      await fx.call('authors', { method: 'POST', body: { id: 40, name: 'To Delete' } });
      const deleted = await fx.call('authors?id=eq.40', { method: 'DELETE', headers: representation });
      expect([deleted.status, await deleted.json()]).toEqual([200, [{ id: 40, name: 'To Delete' }]]);
      const none = await fx.call('authors?id=eq.40', { method: 'DELETE' });
      expect([none.status, none.headers.get('content-range')]).toEqual([204, '*/*']);
    });

    it('leaves nothing behind with Prefer: tx=rollback', async () => {
      const response = await fx.call('authors', {
        method: 'POST',
        headers: { prefer: 'tx=rollback' },
        body: { id: 50, name: 'Rolled Back' },
      });
      expect(response.status).toBe(201);
      expect(await (await fx.call('authors?id=eq.50')).json()).toEqual([]);
    });
  });

  describe('rpc', () => {
    it('calls a scalar function with named JSON arguments, by POST or by GET', async () => {
      const posted = await fx.call('rpc/add_them', { method: 'POST', body: { a: 2, b: 40 } });
      expect([posted.status, await posted.json()]).toEqual([200, 42]);
      const got = await fx.call('rpc/add_them?a=1&b=2');
      expect(await got.json()).toBe(3);
    });

    it('filters, orders and pages the rows of a set-returning function', async () => {
      const response = await fx.call('rpc/books_by?select=title&order=id.desc&limit=1', {
        method: 'POST',
        headers: { prefer: 'count=exact' },
        body: { author: 'Premchand' },
      });
      expect([response.status, response.headers.get('content-range')]).toEqual([206, '0-0/2']);
      expect(await response.json()).toEqual([{ title: 'Nirmala' }]);
    });

    it('answers 204 for a void function, 404 PGRST202 for an unknown one or unknown arguments', async () => {
      expect((await fx.call('rpc/touch', { method: 'POST' })).status).toBe(204);
      for (const [path, body] of [
        ['rpc/nope', {}],
        ['rpc/add_them', { a: 1, c: 2 }],
      ] as const) {
        const response = await fx.call(path, { method: 'POST', body });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ code: 'PGRST202', details: null });
      }
    });

    it("maps a function's raised SQLSTATE to PostgREST's status: P0001 400, PT402 402, 42501 401/403", async () => {
      const raised = await fx.call('rpc/fail_with', { method: 'POST', body: { code: 'P0001' } });
      expect(raised.status).toBe(400);
      expect(await raised.json()).toEqual({
        code: 'P0001',
        details: 'some detail',
        hint: 'some hint',
        message: 'it failed',
      });
      expect((await fx.call('rpc/fail_with', { method: 'POST', body: { code: 'PT402' } })).status).toBe(402);
      expect((await fx.call('rpc/fail_with', { method: 'POST', body: { code: '42501' } })).status).toBe(403);
      const anonymous = { apikey: fx.standin.anonKey, authorization: `Bearer ${fx.standin.anonKey}` };
      const denied = await fx.call('rpc/fail_with', {
        method: 'POST',
        headers: anonymous,
        body: { code: '42501' },
      });
      expect(denied.status).toBe(401);
      expect((await fx.call('rpc/fail_with', { method: 'POST', body: { code: '23505' } })).status).toBe(409);
    });

    it('runs GET requests read-only: a volatile function that writes fails 405', async () => {
      const response = await fx.call('rpc/fail_with?code=25006');
      expect(response.status).toBe(405);
    });
  });
});
