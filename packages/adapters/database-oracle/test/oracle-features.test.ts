import { describe, expect, it } from '@jest/globals';
import { WRITES_PAUSED_MESSAGE } from '@bharatmart/database-sql';
import { classifyOracleError, oracleFeatures } from '../src/index.js';

const error = (code: string) => Object.assign(new Error(`${code}: …`), { code });

describe('classifyOracleError', () => {
  it.each([
    ['ORA-00001', 'unique-violation'],
    ['ORA-02291', 'foreign-key-violation'],
    ['ORA-02292', 'foreign-key-violation'],
    ['ORA-01400', 'invalid-input'],
    ['ORA-12899', 'invalid-input'],
    ['ORA-01722', 'invalid-input'],
    ['ORA-01438', 'invalid-input'],
    ['ORA-03113', 'unavailable'],
    ['ORA-03114', 'unavailable'],
    ['ORA-12541', 'unavailable'],
    ['ORA-12170', 'unavailable'],
    ['ORA-01033', 'unavailable'],
    ['NJS-500', 'unavailable'],
    ['NJS-503', 'unavailable'],
    ['NJS-510', 'unavailable'],
    ['NJS-530', 'unavailable'],
    ['NJS-040', 'unavailable'],
    ['NJS-065', 'unavailable'],
    ['NJS-123', 'unavailable'],
    ['NJS-507', 'other'],
    ['NJS-515', 'other'],
    ['NJS-517', 'other'],
    ['ORA-00942', 'other'],
    ['ORA-00060', 'deadlock'],
    ['ORA-01017', 'other'],
  ])('%s is %s', (code, kind) => {
    expect(classifyOracleError(error(code))).toBe(kind);
  });

  it("is writes-paused for a live switch's refusal, as node-oracledb reports it from the trigger, and only for it", () => {
    const raised = (message: string) =>
      Object.assign(new Error(message), { code: 'ORA-20001', errorNum: 20001 });
    expect(
      classifyOracleError(
        raised(
          `ORA-20001: ${WRITES_PAUSED_MESSAGE}\nORA-06512: at "SHOP.bharatmart_switch_capture_products", line 5\nORA-04088: error during execution of trigger 'SHOP.bharatmart_switch_capture_products'`,
        ),
      ),
    ).toBe('writes-paused');
    expect(classifyOracleError(raised('ORA-20001: some other application error'))).toBe('other');
  });

  it('knows a destroyed Kysely driver, and never throws on odd input', () => {
    expect(classifyOracleError(new Error('driver has already been destroyed'))).toBe('unavailable');
    for (const odd of [undefined, null, 'ORA-00001', 42, {}]) expect(classifyOracleError(odd)).toBe('other');
  });
});

describe('oracleFeatures', () => {
  it('inserts row by row skipping duplicates, stores "" as NULL, and uses CLOB and NUMBER(19)', () => {
    expect(oracleFeatures).toMatchObject({
      dialect: 'oracle',
      insertIgnore: 'skip-unique-violation',
      emptyStringIsNull: true,
      columnTypes: { text: 'clob', bigint: 'number(19)' },
    });
  });
});
