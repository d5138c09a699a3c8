import { describe, expect, it } from '@jest/globals';
import { DEMO_SELLER } from '@bharatmart/core';
import { ConfigError, loadConfig } from '../src/index.js';

function issuesOf(env: Record<string, string>): ConfigError['issues'] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const SELLER = {
  STORE_LEGAL_NAME: 'Asha Traders Private Limited',
  STORE_GSTIN: '27AAPFU0939F1ZV',
  STORE_ADDRESS: '1 FC Road, Pune, Maharashtra 411004',
};

describe('seller settings (GST invoices)', () => {
  it('takes the seller from STORE_*, its state from the GSTIN, and the invoice prefix', () => {
    const { store } = loadConfig({ ...SELLER, INVOICE_NUMBER_PREFIX: 'AT-MH' });
    expect(store.seller).toEqual({
      legalName: SELLER.STORE_LEGAL_NAME,
      gstin: SELLER.STORE_GSTIN,
      stateCode: '27',
      address: SELLER.STORE_ADDRESS,
    });
    expect(store.invoicePrefix).toBe('AT-MH');
  });

  it('uses the demo seller and prefix INV outside production when none is configured', () => {
    expect(loadConfig({}).store).toMatchObject({ seller: DEMO_SELLER, invoicePrefix: 'INV' });
  });

  it('refuses a GSTIN with a wrong check character, format or state code, naming the problem', () => {
    expect(issuesOf({ ...SELLER, STORE_GSTIN: '27AAPFU0939F1ZW' })).toContainEqual({
      variable: 'STORE_GSTIN',
      message: expect.stringContaining('the check character should be V'),
    });
    expect(issuesOf({ ...SELLER, STORE_GSTIN: '27AAPFU0939F1Z' })).toContainEqual({
      variable: 'STORE_GSTIN',
      message: expect.stringContaining('15 characters'),
    });
    expect(issuesOf({ ...SELLER, STORE_GSTIN: '40AAPFU0939F1ZV' })).toContainEqual({
      variable: 'STORE_GSTIN',
      message: expect.stringContaining('40 is not a GST state code'),
    });
  });

  it('refuses a state code other than the GSTIN’s, an unknown one, and a bad prefix', () => {
    expect(issuesOf({ ...SELLER, STORE_STATE_CODE: '29' })).toContainEqual({
      variable: 'STORE_STATE_CODE',
      message: 'must be 27, the state code of STORE_GSTIN (not 29)',
    });
    expect(issuesOf({ ...SELLER, STORE_STATE_CODE: '45' })).toContainEqual({
      variable: 'STORE_STATE_CODE',
      message: expect.stringContaining('must be a GST state code'),
    });
    expect(issuesOf({ INVOICE_NUMBER_PREFIX: 'INV_X' })).toContainEqual({
      variable: 'INVOICE_NUMBER_PREFIX',
      message: expect.stringContaining("must be 1 to 6 letters, digits, '-' or '/'"),
    });
  });

  it('refuses a prefix too long for a 16-character invoice number, naming the variable and the limit', () => {
    let error: unknown;
    try {
      loadConfig({ INVOICE_NUMBER_PREFIX: 'BHARAT1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      `INVOICE_NUMBER_PREFIX: 'BHARAT1' is invalid: must be 1 to 6 letters, digits, '-' or '/': <prefix>/<financial year, e.g. 26-27>/<sequence> must fit the 16 characters of GST rule 46(b)`,
    );
    expect(loadConfig({ INVOICE_NUMBER_PREFIX: 'BM/KA1' }).store.invoicePrefix).toBe('BM/KA1');
  });

  it('wants all three seller variables together, and all of them in production', () => {
    expect(issuesOf({ STORE_GSTIN: SELLER.STORE_GSTIN })).toEqual(
      expect.arrayContaining([
        {
          variable: 'STORE_LEGAL_NAME',
          message: 'is required with STORE_GSTIN (the seller on tax invoices)',
        },
        { variable: 'STORE_ADDRESS', message: 'is required with STORE_GSTIN (the seller on tax invoices)' },
      ]),
    );
    const production = issuesOf({ NODE_ENV: 'production' }).filter((issue) =>
      issue.variable.startsWith('STORE_'),
    );
    expect(production.map((issue) => issue.variable).sort()).toEqual([
      'STORE_ADDRESS',
      'STORE_GSTIN',
      'STORE_LEGAL_NAME',
    ]);
  });
});
