import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createClient, type SupabaseClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import { describeWithService } from '@bharatmart/testkit';
import { startFixture, type StandinFixture } from './fixtures.js';

/** supabase-js builds a Realtime client eagerly; on Node 20 it needs a WebSocket class, never used here. */
class NoWebSocket {
  constructor() {
    throw new Error('Realtime is not used');
  }
}

await describeWithService('postgres', 'Supabase stand-in: through supabase-js', () => {
  let fx: StandinFixture;
  let supabase: SupabaseClient;
  beforeAll(async () => {
    fx = await startFixture('standin_supabase_js');
    supabase = createClient(fx.standin.url, fx.standin.serviceRoleKey, {
      auth: { persistSession: false },
      realtime: { transport: NoWebSocket as unknown as WebSocketLikeConstructor },
    });
  });
  afterAll(() => fx?.close());

  it('reads a counted page, embeds, and reads single rows', async () => {
    const page = await supabase
      .from('books')
      .select('id, title, authors(name)', { count: 'exact' })
      .in('title', ['Godaan', 'Gora, a novel', 'Gitanjali'])
      .order('id', { ascending: false })
      .range(0, 1);
    expect(page).toMatchObject({
      error: null,
      count: 3,
      data: [
        { id: 4, title: 'Gora, a novel', authors: { name: 'Tagore' } },
        { id: 3, title: 'Gitanjali', authors: { name: 'Tagore' } },
      ],
    });
    expect((await supabase.from('authors').select('name').eq('id', 1).single()).data).toEqual({
      name: 'Premchand',
    });
    expect(await supabase.from('authors').select('name').eq('id', 99).maybeSingle()).toMatchObject({
      data: null,
      error: null,
    });
    expect(await supabase.from('authors').select('name').eq('id', 99).single()).toMatchObject({
      status: 406,
      error: { code: 'PGRST116' },
    });
  });

  it('upserts, updates with a count, and calls functions with rpc()', async () => {
    const upserted = await supabase
      .from('authors')
      .upsert([{ id: 60, name: 'Jhumpa Lahiri' }], { onConflict: 'id' })
      .select()
      .single();
    expect(upserted).toMatchObject({ status: 201, data: { id: 60, name: 'Jhumpa Lahiri' } });
    const updated = await supabase
      .from('authors')
      .update({ name: 'J. Lahiri' }, { count: 'exact' })
      .eq('id', 60);
    expect(updated).toMatchObject({ error: null, count: 1 });
    expect((await supabase.rpc('add_them', { a: 20, b: 22 })).data).toBe(42);
    const set = await supabase.rpc('books_by', { author: 'Tagore' }).select('title').order('id');
    expect(set.data).toEqual([{ title: 'Gitanjali' }, { title: 'Gora, a novel' }]);
  });

  it("returns PostgREST's error objects", async () => {
    const duplicate = await supabase.from('authors').insert({ id: 61, name: 'Tagore' });
    expect(duplicate).toMatchObject({
      status: 409,
      error: { code: '23505', details: expect.stringContaining('Tagore') },
    });
    const missing = await supabase.from('nope').select();
    expect(missing).toMatchObject({ status: 404, error: { code: 'PGRST205' } });
  });
});
