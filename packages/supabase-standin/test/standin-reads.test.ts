import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithService } from '@bharatmart/testkit';
import { startFixture, type StandinFixture } from './fixtures.js';

await describeWithService('postgres', 'Supabase stand-in: reads', () => {
  let fx: StandinFixture;
  beforeAll(async () => {
    fx = await startFixture('standin_reads');
  });
  afterAll(() => fx?.close());

  const ids = async (path: string) =>
    ((await (await fx.call(path)).json()) as { id: number }[]).map((row) => row.id);

  it('selects columns with aliases and casts', async () => {
    const response = await fx.call('books?select=id,heading:title,pages::text&id=eq.1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual([{ id: 1, heading: 'Godaan', pages: '312' }]);
  });

  it('filters with eq, neq, gt, gte, lt, lte, like, ilike, match, in, is and not', async () => {
    expect(await ids('books?select=id&author_id=eq.1&order=id')).toEqual([1, 2]);
    expect(await ids('books?select=id&author_id=neq.1&order=id')).toEqual([3, 4, 5]);
    expect(await ids('books?select=id&pages=gt.184&order=id')).toEqual([1, 4]);
    expect(await ids('books?select=id&pages=gte.184&order=id')).toEqual([1, 4, 5]);
    expect(await ids('books?select=id&pages=lt.184&order=id')).toEqual([3]);
    expect(await ids('books?select=id&pages=lte.184&order=id')).toEqual([3, 5]);
    expect(await ids('books?select=id&title=like.G*&order=id')).toEqual([1, 3, 4]);
    expect(await ids('books?select=id&title=ilike.*FRIENDS')).toEqual([5]);
    expect(await ids('books?select=id&title=imatch.^GO&order=id')).toEqual([1, 4]);
    expect(
      await ids(`books?select=id&title=in.(Godaan,${encodeURIComponent('"Gora, a novel"')})&order=id`),
    ).toEqual([1, 4]);
    expect(await ids('books?select=id&pages=is.null')).toEqual([2]);
    expect(await ids('books?select=id&published=is.false')).toEqual([4]);
    expect(await ids('books?select=id&published=not.is.true&order=id')).toEqual([4, 5]);
    expect(await ids('books?select=id&author_id=not.in.(1,2)')).toEqual([5]);
  });

  it('combines conditions with or/and, nested and negated, with quoted values', async () => {
    const or = encodeURIComponent('(pages.lt.110,title.eq."Gora, a novel")');
    expect(await ids(`books?select=id&or=${or}&order=id`)).toEqual([3, 4]);
    const nested = encodeURIComponent('(id.eq.5,and(author_id.eq.1,pages.is.null))');
    expect(await ids(`books?select=id&or=${nested}&order=id`)).toEqual([2, 5]);
    expect(
      await ids(`books?select=id&not.or=${encodeURIComponent('(author_id.eq.1,author_id.eq.2)')}`),
    ).toEqual([5]);
  });

  it('orders by several columns, descending, with nulls placed', async () => {
    expect(await ids('books?select=id&order=author_id.desc,id.asc')).toEqual([5, 3, 4, 1, 2]);
    expect(await ids('books?select=id&order=pages.desc.nullslast,id')).toEqual([4, 1, 5, 3, 2]);
    expect(await ids('books?select=id&order=pages.asc.nullsfirst,id')).toEqual([2, 3, 5, 1, 4]);
  });

  it('pages with limit/offset and the Range header; count=exact fills Content-Range, 206 when partial', async () => {
    const page = await fx.call('books?select=id&order=id&limit=2&offset=1', {
      headers: { prefer: 'count=exact' },
    });
    expect(page.status).toBe(206);
    expect(page.headers.get('content-range')).toBe('1-2/5');
    expect(await page.json()).toEqual([{ id: 2 }, { id: 3 }]);

    const ranged = await fx.call('books?select=id&order=id', {
      headers: { range: '3-9', prefer: 'count=exact' },
    });
    expect(ranged.headers.get('content-range')).toBe('3-4/5');
    expect(await ranged.json()).toEqual([{ id: 4 }, { id: 5 }]);

    const all = await fx.call('books?select=id', { headers: { prefer: 'count=exact' } });
    expect([all.status, all.headers.get('content-range')]).toEqual([200, '0-4/5']);
    const uncounted = await fx.call('books?select=id&limit=1');
    expect(uncounted.headers.get('content-range')).toBe('0-0/*');

    const empty = await fx.call('books?select=id&offset=5', { headers: { prefer: 'count=exact' } });
    expect([empty.status, empty.headers.get('content-range')]).toEqual([206, '*/5']);
    const past = await fx.call('books?select=id&offset=6', { headers: { prefer: 'count=exact' } });
    expect(past.status).toBe(416);
    expect(await past.json()).toMatchObject({ code: 'PGRST103' });

    const head = await fx.call('books?author_id=eq.1', {
      method: 'HEAD',
      headers: { prefer: 'count=exact' },
    });
    expect([head.status, head.headers.get('content-range'), await head.text()]).toEqual([200, '0-1/2', '']);
  });

  it('answers one object for application/vnd.pgrst.object+json, and 406 PGRST116 otherwise', async () => {
    const accept = { accept: 'application/vnd.pgrst.object+json' };
    const one = await fx.call('authors?id=eq.2', { headers: accept });
    expect(one.headers.get('content-type')).toMatch(/^application\/vnd\.pgrst\.object\+json/);
    expect(await one.json()).toEqual({ id: 2, name: 'Tagore' });
    for (const filter of ['id=eq.9', 'id=gt.1']) {
      const wrong = await fx.call(`authors?${filter}`, { headers: accept });
      expect(wrong.status).toBe(406);
      expect(await wrong.json()).toEqual({
        code: 'PGRST116',
        details: expect.stringMatching(/^The result contains [02] rows$/),
        hint: null,
        message: 'JSON object requested, multiple (or no) rows returned',
      });
    }
  });

  it('embeds to-one and to-many resources, with their own filters, order and limit', async () => {
    const books = await fx.call('books?select=title,author:authors(name)&id=in.(1,3)&order=id');
    expect(await books.json()).toEqual([
      { title: 'Godaan', author: { name: 'Premchand' } },
      { title: 'Gitanjali', author: { name: 'Tagore' } },
    ]);
    const authors = await fx.call(
      'authors?select=name,books(id,title)&books.order=id.desc&books.limit=1&order=id',
    );
    expect(await authors.json()).toEqual([
      { name: 'Premchand', books: [{ id: 2, title: 'Nirmala' }] },
      { name: 'Tagore', books: [{ id: 4, title: 'Gora, a novel' }] },
      { name: 'Narayan', books: [{ id: 5, title: 'Swami and Friends' }] },
    ]);
    const filtered = await fx.call('authors?select=id,books(id)&books.published=is.true&id=eq.2');
    expect(await filtered.json()).toEqual([{ id: 2, books: [{ id: 3 }] }]);
    const unrelated = await fx.call('authors?select=id,orders(id)');
    expect([unrelated.status, ((await unrelated.json()) as { code: string }).code]).toEqual([
      400,
      'PGRST200',
    ]);
  });

  it('answers PostgREST errors for unknown tables, unparsable filters and wrongly typed values', async () => {
    const missing = await fx.call('nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'PGRST205',
      details: null,
      hint: null,
      message: "Could not find the table 'public.nope' in the schema cache",
    });
    for (const query of ['id=not.bogus.1', 'order=id.sideways', 'limit=-1', 'select=id,books(']) {
      const unparsable = await fx.call(`books?${query}`);
      expect([unparsable.status, ((await unparsable.json()) as { code: string }).code]).toEqual([
        400,
        'PGRST100',
      ]);
    }
    const wrongType = await fx.call('books?id=eq.abc');
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      code: '22P02',
      message: expect.stringContaining('integer'),
    });
    const schema = await fx.call('books', { headers: { 'accept-profile': 'private' } });
    expect([schema.status, ((await schema.json()) as { code: string }).code]).toEqual([406, 'PGRST106']);
  });

  it('quotes identifiers and parameterises values: injection attempts stay data', async () => {
    const unquoted = await fx.call(`books?select=id&${encodeURIComponent('id" = 1 or "1')}=eq.1`);
    expect([unquoted.status, ((await unquoted.json()) as { code: string }).code]).toEqual([400, 'PGRST100']);
    const quoted = await fx.call(`books?select=id&${encodeURIComponent('"id\\" = 1 or \\"1"')}=eq.1`);
    expect(quoted.status).toBe(400);
    expect(await quoted.json()).toMatchObject({
      code: '42703',
      message: expect.stringContaining('id" = 1 or "1'),
    });
    expect(await ids(`authors?select=id&name=eq.${encodeURIComponent("x' or '1'='1")}`)).toEqual([]);
    const table = await fx.call(encodeURIComponent('authors; drop table books'));
    expect(table.status).toBe(404);
    expect(await ids('books?select=id')).toHaveLength(5);
  });
});
