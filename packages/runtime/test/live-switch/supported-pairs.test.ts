import { describe, expect, it } from '@jest/globals';
import { DATABASE_BACKENDS } from '../../src/backends/database/index.js';
import { ConfigError } from '../../src/config/config-error.js';
import { nextDatabaseConfig } from '../../src/switch/next-database.js';
import { assertSwitchablePair, SWITCH_SOURCES } from '../../src/switch/supported-pairs.js';

function issuesOf(work: () => void) {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('the pairs of databases a live switch supports', () => {
  it('switches every source to Oracle, configured by the NEXT_ copies of its variables', () => {
    const next = nextDatabaseConfig({
      NEXT_DATABASE_TYPE: 'oci-autonomous',
      NEXT_OCI_DB_CONNECTION_STRING: 'shop_high',
      NEXT_OCI_DB_USER: 'SHOP',
      OCI_DB_USER: 'NOT_THE_TARGET',
    });
    expect(next).toMatchObject({ type: 'oci-autonomous', connectionString: 'shop_high', user: 'SHOP' });
    for (const from of SWITCH_SOURCES)
      expect(issuesOf(() => assertSwitchablePair(from, 'oci-autonomous'))).toEqual([]);
  });

  it('supports every pair of DATABASE_TYPEs, Oracle as a source included', () => {
    const types = Object.keys(DATABASE_BACKENDS);
    expect(types).toContain('oci-autonomous');
    for (const from of types) {
      for (const to of types) expect(issuesOf(() => assertSwitchablePair(from, to))).toEqual([]);
    }
  });

  it('refuses a database without capture triggers and a fence, naming the variable and pointing at db:copy', () => {
    expect(issuesOf(() => assertSwitchablePair('sqlite', 'oci-autonomous'))).toEqual([
      {
        variable: 'DATABASE_TYPE',
        message:
          'a live switch from sqlite is not supported yet (from: pglite, postgresql, mysql, supabase, oci-autonomous); use pnpm db:copy with the shop stopped',
      },
    ]);
  });
});
