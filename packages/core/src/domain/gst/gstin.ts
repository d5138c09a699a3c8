import { isGstStateCode } from './state-codes.js';

const CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** State code, PAN (5 letters, 4 digits, 1 letter), entity number, `Z`, check character. */
const SHAPE = /^(\d{2})([A-Z]{5}\d{4}[A-Z])([1-9A-Z])Z([0-9A-Z])$/;

/**
 * The check character of a GSTIN's first 14 characters, by the GSTN's mod-36 algorithm: each
 * character's value (0–9, A–Z = 10–35) is multiplied by 1 or 2 alternately (from the first), each
 * product split into quotient and remainder by 36 and both added; the check character is the one
 * whose value is (36 − sum mod 36) mod 36. Throws a RangeError for characters outside 0–9, A–Z.
 */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < first14.length; i++) {
    const value = CHARSET.indexOf(first14.charAt(i));
    if (value < 0) throw new RangeError(`not a GSTIN character: ${first14.charAt(i)}`);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARSET.charAt((36 - (sum % 36)) % 36);
}

/**
 * Why `gstin` is not a valid GSTIN (shape, state code or check character), or undefined when it is.
 * Upper case only: GSTINs are issued in capitals.
 */
export function gstinProblem(gstin: string): string | undefined {
  const match = SHAPE.exec(gstin);
  if (!match) {
    return 'a GSTIN is 15 characters: 2-digit state code, PAN (5 letters, 4 digits, 1 letter), entity character, Z, check character';
  }
  if (!isGstStateCode(match[1] ?? '')) return `${match[1]} is not a GST state code`;
  const expected = gstinCheckCharacter(gstin.slice(0, 14));
  if (gstin.charAt(14) !== expected) return `the check character should be ${expected}`;
  return undefined;
}
