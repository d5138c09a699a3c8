import { randomBytes } from 'node:crypto';
import oracledb from 'oracledb';

/** The variables that point the live suite at a real Oracle; all three are needed. */
export const LIVE_VARIABLES = [
  'ORACLE_TEST_CONNECT_STRING',
  'ORACLE_TEST_USER',
  'ORACLE_TEST_PASSWORD',
] as const;

/** Where the live suite connects, from ORACLE_TEST_* (wallet variables optional, for Autonomous). */
export interface LiveOracle {
  connectString: string;
  /** A user allowed to create and drop users (e.g. SYSTEM in the container, ADMIN on Autonomous). */
  adminUser: string;
  adminPassword: string;
  walletDir?: string;
  walletPassword?: string;
}

/** The live Oracle of the environment, or the variables that are missing. */
export function liveOracle(env: NodeJS.ProcessEnv = process.env): LiveOracle | { missing: string[] } {
  const missing = LIVE_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) return { missing };
  return {
    connectString: env.ORACLE_TEST_CONNECT_STRING ?? '',
    adminUser: env.ORACLE_TEST_USER ?? '',
    adminPassword: env.ORACLE_TEST_PASSWORD ?? '',
    ...(env.ORACLE_TEST_WALLET_DIR && { walletDir: env.ORACLE_TEST_WALLET_DIR }),
    ...(env.ORACLE_TEST_WALLET_PASSWORD && { walletPassword: env.ORACLE_TEST_WALLET_PASSWORD }),
  };
}

/** A schema (an Oracle user) of its own for one adapter, dropped afterwards. */
export interface OracleTestSchema {
  /** `BM_TEST_<random>`. */
  readonly user: string;
  readonly password: string;
  /** Drops the user and everything it owns, once its sessions are gone. Safe to call twice. */
  drop(): Promise<void>;
}

async function asAdmin(oracle: LiveOracle, statements: string[]): Promise<void> {
  const connection = await oracledb.getConnection({
    user: oracle.adminUser,
    password: oracle.adminPassword,
    connectString: oracle.connectString,
    ...(oracle.walletDir && { configDir: oracle.walletDir, walletLocation: oracle.walletDir }),
    ...(oracle.walletPassword && { walletPassword: oracle.walletPassword }),
  });
  try {
    for (const statement of statements) await connection.execute(statement);
  } finally {
    await connection.close();
  }
}

/**
 * Creates an empty schema: a new user with a random name and password (upper and lower case and
 * digits, as Autonomous Database's password rules ask), allowed to connect and create tables in its
 * default tablespace, so that migrations really start from nothing, triggers (a live switch from
 * Oracle installs its capture triggers), and procedures and Oracle Text's CTXAPP role (migration
 * 0009's search index).
 */
export async function createOracleTestSchema(oracle: LiveOracle): Promise<OracleTestSchema> {
  const suffix = randomBytes(6).toString('hex').toUpperCase();
  const user = `BM_TEST_${suffix}`;
  const password = `Bm${randomBytes(12).toString('hex')}9Q`;
  await asAdmin(oracle, [
    `create user ${user} identified by "${password}"`,
    `grant create session, create table, create trigger, create procedure to ${user}`,
    `grant ctxapp to ${user}`,
    `grant unlimited tablespace to ${user}`,
  ]);
  let dropped: Promise<void> | undefined;
  return {
    user,
    password,
    drop: () => (dropped ??= dropWhenDisconnected(oracle, user)),
  };
}

/** `drop user … cascade`, retried while a session of the user is still closing (ORA-01940). */
async function dropWhenDisconnected(oracle: LiveOracle, user: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await asAdmin(oracle, [`drop user ${user} cascade`]);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ORA-01940' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
