import { describe, expect, it } from '@jest/globals';
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

  it('refuses Oracle as a source, naming DATABASE_TYPE and pointing at db:copy', () => {
    expect(issuesOf(() => assertSwitchablePair('oci-autonomous', 'postgresql'))).toEqual([
      {
        variable: 'DATABASE_TYPE',
        message:
          'a live switch from oci-autonomous is not supported yet (from: pglite, postgresql, mysql, supabase); use pnpm db:copy with the shop stopped',
      },
    ]);
  });
});
