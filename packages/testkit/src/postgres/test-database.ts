import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { Client, escapeIdentifier } from 'pg';
import { serviceUrl } from '../services.js';

/** A database of its own on the test PostgreSQL server, for one test file or one test. */
export interface PostgresTestDatabase {
  /** `bharatmart_<label>_<random>`: unique per call, so concurrent runs never share one. */
  readonly name: string;
  /** The server's URL (`serviceUrl('postgres')`) with this database in its path. */
  readonly url: string;
  /** Runs one statement in this database over a short-lived connection; returns its rows. */
  query(statement: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Drops the database, ending sessions still connected to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Runs `statement` on the database at `url` through a short-lived connection. */
async function runOn(url: string, statement: string, values?: unknown[]): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(statement, values)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `statement` on the server's `postgres` database. */
async function onServer(statement: string): Promise<void> {
  await runOn(serviceUrl('postgres'), statement);
}

/**
 * Creates an empty database named after `label` (lower-cased; characters other than letters, digits
 * and `_` become `_`) on the server at `serviceUrl('postgres')`, connecting as that URL's user.
 */
export async function createPostgresTestDatabase(label: string): Promise<PostgresTestDatabase> {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 30);
  const name = `bharatmart_${slug}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await onServer(`create database ${escapeIdentifier(name)}`);
  const url = new URL(serviceUrl('postgres'));
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    query: (statement, values) => runOn(url.toString(), statement, values),
    drop: () => (dropped ??= onServer(`drop database if exists ${escapeIdentifier(name)} with (force)`)),
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the enclosing describe block that create a fresh database
 * before its tests and drop it after them (after the hooks of nested blocks, e.g. an adapter's close).
 * Returns an accessor for the database, valid once the block's tests run.
 */
export function usePostgresTestDatabase(label: string): () => PostgresTestDatabase {
  let database: PostgresTestDatabase | undefined;
  beforeAll(async () => {
    database = await createPostgresTestDatabase(label);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('the PostgreSQL test database exists only while its describe block runs');
    return database;
  };
}
