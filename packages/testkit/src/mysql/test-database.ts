import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { serviceUrl } from '../services.js';

/** A database of its own on the test MySQL/MariaDB server, for one test file or one test. */
export interface MysqlTestDatabase {
  /** `bharatmart_<label>_<random>`: unique per call, so concurrent runs never share one. */
  readonly name: string;
  /** The server's URL (`serviceUrl('mariadb')`) with this database in its path. */
  readonly url: string;
  /** Runs one statement in this database over a short-lived connection; returns its rows. */
  query(statement: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/** Runs `statement` through a short-lived connection to the server at `serviceUrl('mariadb')`. */
async function onServer(statement: string): Promise<void> {
  // Loaded on use, so suites that never touch MySQL do not load its driver with the testkit.
  const { createConnection } = await import('mysql2/promise');
  const admin = await createConnection({ uri: serviceUrl('mariadb'), connectTimeout: 5_000 });
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * Creates an empty database named after `label` (lower-cased; characters other than letters, digits
 * and `_` become `_`) on the server at `serviceUrl('mariadb')`, connecting as that URL's user.
 */
export async function createMysqlTestDatabase(label: string): Promise<MysqlTestDatabase> {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 30);
  const name = `bharatmart_${slug}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await onServer(`create database \`${name}\``);
  const url = new URL(serviceUrl('mariadb'));
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    async query(statement, values = []) {
      const { createConnection } = await import('mysql2/promise');
      const connection = await createConnection({ uri: url.toString(), connectTimeout: 5_000 });
      try {
        const [rows] = await connection.query(statement, values);
        return rows as Record<string, unknown>[];
      } finally {
        await connection.end();
      }
    },
    drop: () => (dropped ??= onServer(`drop database if exists \`${name}\``)),
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the enclosing describe block that create a fresh database
 * before its tests and drop it after them (after the hooks of nested blocks, e.g. an adapter's close).
 * Returns an accessor for the database, valid once the block's tests run.
 */
export function useMysqlTestDatabase(label: string): () => MysqlTestDatabase {
  let database: MysqlTestDatabase | undefined;
  beforeAll(async () => {
    database = await createMysqlTestDatabase(label);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('the MySQL test database exists only while its describe block runs');
    return database;
  };
}
