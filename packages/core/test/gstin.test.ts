import { describe, expect, it } from '@jest/globals';
import { validateShippingAddress } from '../src/domain/gst/address.js';
import { gstinCheckCharacter, gstinProblem } from '../src/domain/gst/gstin.js';
import { isGstStateCode } from '../src/domain/gst/state-codes.js';
import { DEMO_SELLER } from '../src/services/store-settings.js';

describe('GSTIN', () => {
  it('computes the published check character (27AAPFU0939F1ZV is the GSTN example)', () => {
    expect(gstinCheckCharacter('27AAPFU0939F1Z')).toBe('V');
    expect(gstinProblem('27AAPFU0939F1ZV')).toBeUndefined();
    expect(gstinProblem(DEMO_SELLER.gstin)).toBeUndefined();
  });

  it('names the problem of a bad one', () => {
    expect(gstinProblem('27AAPFU0939F1ZW')).toBe('the check character should be V');
    expect(gstinProblem('27AAPFU0939F1Z')).toMatch(/15 characters/);
    expect(gstinProblem('27aapfu0939f1zv')).toMatch(/15 characters/);
    expect(gstinProblem('27AAPFU0939F1XV')).toMatch(/15 characters/);
    expect(gstinProblem('40AAPFU0939F1ZV')).toBe('40 is not a GST state code');
  });
});

describe('state codes and addresses', () => {
  it('knows 01–38, 97 and 99 and nothing else', () => {
    expect(['01', '29', '38', '97', '99'].every(isGstStateCode)).toBe(true);
    expect(['00', '39', '96', '1', 'KA'].some(isGstStateCode)).toBe(false);
  });

  const address = {
    name: ' Asha ',
    line1: '1 MG Road',
    line2: ' ',
    city: 'Pune',
    stateCode: '27',
    pincode: '411001',
    phone: '+919876543210',
  };

  it('trims an address and drops an empty line2', () => {
    expect(validateShippingAddress(address)).toEqual({ ...address, name: 'Asha', line2: undefined } as never);
    expect('line2' in validateShippingAddress(address)).toBe(false);
  });

  it('refuses a bad PIN, state code or phone, naming each field', () => {
    expect(() =>
      validateShippingAddress(
        { ...address, pincode: '011001', stateCode: '40', phone: '12' },
        'shippingAddress.',
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'shippingAddress.stateCode', message: '40 is not a GST state code' },
          { field: 'shippingAddress.pincode', message: 'a PIN code has 6 digits, the first not 0' },
          { field: 'shippingAddress.phone', message: 'a phone number has 10 to 15 digits' },
        ],
      }),
    );
  });
});
