import type { Kysely } from 'kysely';
import { abortSwitch, switchDatabase, WRITES_PAUSED_MESSAGE } from '@bharatmart/database-sql';
import { OracleChangeLog } from '../support/oracle-change-log.js';
import { OracleRows } from '../support/oracle-rows.js';
import type { RecordingOracle } from '../support/recording-oracle.js';
import { migratedTarget, pgliteShop } from '../support/scripted-schemas.js';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { AT, product } from './rows.js';

/** The switch state table is there (created by the switch's first statements on a real Oracle). */
const STATE_TABLE_LISTED = /^select table_name "found" from user_tables/;

/** What node-oracledb raises when the fence's `LOCK TABLE … WAIT 1` ran out. */
const LOCK_BUSY = {
  code: 'ORA-00054',
  message: 'ORA-00054: resource busy and acquire with NOWAIT specified or timeout expired',
};

/**
 * A switch from the scripted Oracle (its switch tables there, `script` on top) to a fresh PGlite shop,
 * for the scenarios in which the source refuses it in the prepare phase; the PGlite shop is closed after.
 */
async function refusedInPrepare(
  source: Parameters<SqlScenario['run']>[0],
  oracle: RecordingOracle,
  script: (oracle: RecordingOracle) => RecordingOracle,
): Promise<void> {
  const { source: target } = await pgliteShop();
  try {
    migratedTarget(
      script(oracle.on(STATE_TABLE_LISTED, { rows: [{ found: 'bharatmart_switch' }] })),
      new OracleRows('products'),
    );
    await switchDatabase({ source, target, targetType: 'pglite' });
  } finally {
    await target.close();
  }
}

/**
 * A live switch (db:switch) from Oracle: every statement the engine sends to an Oracle source — the
 * switch tables, the capture triggers and the wait for earlier writers, the copy's and comparison's
 * reads, the change log, the fence and the flip — with a real PGlite as the target; and `--abort`.
 * The scripted source plays the capture triggers' part: the writes it makes during the switch are
 * put in its change log as the triggers would log them.
 */
export const switchSourceScenarios: SqlScenario[] = [
  {
    title:
      "switchDatabase (db:switch) from Oracle to PGlite: switch tables created (19c: no `if not exists`), state row replaced, change log cleared; one compound trigger per table (sent as one line, shown broken after each `;`, `begin` and `then`): before each statement the state table in ROW SHARE mode and the phase checked (ORA-20001 unless capturing or the lease ran out), after each row the key logged as JSON; each table briefly locked in SHARE mode and released, waiting for transactions that wrote before its trigger; the copy read in key order; writes during the copy and during the comparison caught up from the log (oldest first, deleted by seq); the fence: the state table in EXCLUSIVE mode (its first WAIT 1 running out, ORA-00054, and retried), then the lease set by Oracle's clock; the flip only while the lease holds; NULL description and HSN code arrive on PGlite as ''",
    run: async (source, oracle) => {
      const { source: target, db } = await pgliteShop();
      try {
        const log = new OracleChangeLog();
        let scans = 0;
        const products = new OracleRows('products', {
          // Writes land after a read of the whole table: the first is the copy's, the second the comparison's.
          afterScan: async () => {
            scans++;
            const held = products.rows;
            if (scans === 1) {
              held.set('p-1', { ...held.get('p-1'), stock: 7 });
              log.record('products', ['p-1']);
              held.delete('p-2');
              log.record('products', ['p-2']);
              held.set('p-3', product('p-3'));
              log.record('products', ['p-3']);
            } else if (scans === 2) {
              held.set('p-1', { ...held.get('p-1'), name: 'Darjeeling' });
              log.record('products', ['p-1']);
              held.delete('p-3');
              log.record('products', ['p-3']);
            }
          },
        });
        products.rows.set('p-1', product('p-1', { description: null, hsn_code: null }));
        products.rows.set('p-2', product('p-2', { description: 'Assam, second flush' }));
        log
          .script(oracle)
          .on(STATE_TABLE_LISTED, { rows: [{ found: 'bharatmart_switch' }] })
          .on(/^lock table "bharatmart_switch" in exclusive mode/, LOCK_BUSY, {});
        migratedTarget(oracle, products);
        const report = await switchDatabase({
          source,
          target,
          targetType: 'pglite',
          // No lease renewal falls inside the scenario, whatever the machine's speed.
          fenceLeaseMs: 600_000,
        });
        const copied = report.verification.find((check) => check.table === 'products');
        if (report.verification.some((check) => !check.match) || copied?.targetRows !== 1) {
          throw new Error(`verification: ${JSON.stringify(report.verification)}`);
        }
        const held = await (db as Kysely<Record<string, Record<string, unknown>>>)
          .selectFrom('products')
          .select(['id', 'name', 'stock', 'description', 'hsn_code'])
          .execute();
        const expected = [{ id: 'p-1', name: 'Darjeeling', stock: 7, description: '', hsn_code: '' }];
        if (JSON.stringify(held) !== JSON.stringify(expected))
          throw new Error(`PGlite holds ${JSON.stringify(held)}`);
      } finally {
        await target.close();
      }
    },
  },
  {
    title:
      'abortSwitch (db:switch --abort) on an Oracle source: the record read, the capture triggers found in user_triggers and dropped, the source marked idle and its change log cleared',
    script: (oracle) =>
      oracle
        .on(STATE_TABLE_LISTED, { rows: [{ found: 'bharatmart_switch' }] })
        .on(/^select "switch_id", "phase", "target", "started_at", "updated_at" from "bharatmart_switch"/, {
          rows: [
            { switch_id: 'switch-1', phase: 'fenced', target: 'postgresql', started_at: AT, updated_at: AT },
          ],
        })
        .on(/^select trigger_name "name" from user_triggers/, {
          rows: [{ name: 'bharatmart_switch_capture_users' }, { name: 'bharatmart_switch_capture_products' }],
        }),
    run: (source) => abortSwitch(source),
  },
  {
    title:
      'switchDatabase (db:switch) from Oracle whose user lacks CREATE TRIGGER: ORA-01031 on the first trigger, refused as MISCONFIGURED before anything is copied',
    run: (source, oracle) =>
      refusedInPrepare(source, oracle, (scripted) =>
        scripted.on(/^create or replace trigger/, {
          code: 'ORA-01031',
          message: 'ORA-01031: insufficient privileges',
        }),
      ),
  },
  {
    title:
      "switchDatabase (db:switch) from Oracle where a capture trigger does not compile (here an Oracle without JSON_ARRAY_T): user_errors read after the first trigger, the capture triggers found in user_triggers and dropped, refused as MISCONFIGURED with Oracle's message before anything is copied",
    run: (source, oracle) =>
      refusedInPrepare(source, oracle, (scripted) =>
        scripted
          .on(/^select name "name", line "line", text "text" from user_errors/, {
            rows: [
              {
                name: 'bharatmart_switch_capture_users',
                line: 1,
                text: "PLS-00201: identifier 'JSON_ARRAY_T' must be declared\n",
              },
            ],
          })
          .on(/^select trigger_name "name" from user_triggers/, {
            rows: [{ name: 'bharatmart_switch_capture_users' }],
          }),
      ).catch((error: unknown) => {
        // The operator reads Oracle's own message, with the trigger and the line.
        const expected = "bharatmart_switch_capture_users line 1: PLS-00201: identifier 'JSON_ARRAY_T'";
        if (!String(error).includes(expected))
          throw new Error(`the refusal omits Oracle's message: ${error}`);
        throw error;
      }),
  },
  {
    title:
      "products.update while a live switch's fence holds the Oracle source: the trigger's ORA-20001 with the switch's message is WRITES_PAUSED (HTTP 503, held by processes that follow the switch)",
    script: (oracle) =>
      oracle.on(/^update "products"/, {
        code: 'ORA-20001',
        message: `ORA-20001: ${WRITES_PAUSED_MESSAGE}\nORA-06512: at "SHOP.bharatmart_switch_capture_products", line 1\nORA-04088: error during execution of trigger 'SHOP.bharatmart_switch_capture_products'`,
      }),
    run: (db) => db.products.update('p-1', { name: 'Darjeeling' }),
  },
];
