import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

/** The machine's services; only 127.0.0.1 targets are used. */
export const SERVICES = {
  postgres: { host: '127.0.0.1', port: 5432, url: 'postgres://postgres@127.0.0.1:5432/postgres' },
  mariadb: { host: '127.0.0.1', port: 3306, url: 'mysql://root@127.0.0.1:3306' },
  redis: { host: '127.0.0.1', port: 6379, url: 'redis://127.0.0.1:6379' },
  memcached: { host: '127.0.0.1', port: 11211, url: '127.0.0.1:11211' },
} as const;

export type ServiceName = keyof typeof SERVICES;

/** Undefined when `service` accepts TCP connections, else why it cannot be used. */
export function unreachable(service: ServiceName, timeoutMs = 1000): Promise<string | undefined> {
  const { host, port } = SERVICES[service];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`${service} did not answer at ${host}:${port}`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(`${service} unreachable at ${host}:${port}: ${error.message}`));
  });
}

/** A unique suffix for database names, Redis prefixes and cache keys of this run. */
export const RUN_ID = `bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

/** Creates a fresh PostgreSQL database (dropped at cleanup) and returns its URL. */
export async function freshPostgresDatabase(label: string): Promise<string> {
  const name = `${RUN_ID}_${label}`;
  await onPostgres(`create database "${name}"`);
  onCleanup(`postgres database ${name}`, () => onPostgres(`drop database if exists "${name}" with (force)`));
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVICES.postgres.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates a fresh MariaDB database (dropped at cleanup) and returns its URL. */
export async function freshMysqlDatabase(label: string): Promise<string> {
  const name = `${RUN_ID}_${label}`;
  await onMysql(`create database \`${name}\``);
  onCleanup(`mysql database ${name}`, () => onMysql(`drop database if exists \`${name}\``));
  return `mysql://root@127.0.0.1:3306/${name}`;
}

async function onMysql(statement: string): Promise<void> {
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: SERVICES.mariadb.url, connectTimeout: 5_000 });
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}
