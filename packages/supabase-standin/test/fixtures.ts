import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '@bharatmart/testkit';
import { startSupabaseStandin, type SupabaseStandin } from '../src/index.js';

/** A schema with a to-one/to-many relationship, functions and a table under Row Level Security. */
const SCHEMA = `
create table authors (id int primary key, name text not null unique);
create table books (
  id int primary key, author_id int not null references authors(id), title text not null,
  pages int, published boolean
);
insert into authors values (1, 'Premchand'), (2, 'Tagore'), (3, 'Narayan');
insert into books values
  (1, 1, 'Godaan', 312, true), (2, 1, 'Nirmala', null, true), (3, 2, 'Gitanjali', 103, true),
  (4, 2, 'Gora, a novel', 480, false), (5, 3, 'Swami and Friends', 184, null);
create function add_them(a int, b int) returns int language sql immutable as 'select a + b';
create function books_by(author text) returns setof books language sql stable as
  $$ select b.* from books b join authors a on a.id = b.author_id where a.name = author $$;
create function touch() returns void language sql as 'select';
create function fail_with(code text) returns void language plpgsql as
  $$ begin raise exception 'it failed' using errcode = code, detail = 'some detail', hint = 'some hint'; end $$;
create table orders (id int primary key, customer text not null, total int not null);
insert into orders values (1, 'alice', 100), (2, 'bob', 200), (3, 'alice', 300);
alter table orders enable row level security;
create policy orders_of_customer on orders for select
  using (customer = nullif(current_setting('request.jwt.claims', true), '')::json ->> 'sub');
`;

/** A fresh database with SCHEMA and a stand-in serving it. */
export interface StandinFixture {
  database: PostgresTestDatabase;
  standin: SupabaseStandin;
  jwtSecret: string;
  /** `fetch` to `/rest/v1/<path>` with the service role key unless `headers` say otherwise. */
  call(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Creates the database, loads SCHEMA and starts the stand-in on a free port. */
export async function startFixture(label: string): Promise<StandinFixture> {
  const database = await createPostgresTestDatabase(label);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(SCHEMA);
  } finally {
    await client.end();
  }
  const jwtSecret = randomBytes(32).toString('hex');
  const standin = await startSupabaseStandin({ databaseUrl: database.url, jwtSecret });
  return {
    database,
    standin,
    jwtSecret,
    call: (path, init = {}) =>
      fetch(`${standin.url}/rest/v1/${path}`, {
        method: init.method ?? 'GET',
        headers: {
          apikey: standin.serviceRoleKey,
          authorization: `Bearer ${standin.serviceRoleKey}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    close: async () => {
      await standin.stop();
      await database.drop();
    },
  };
}
