import { DomainError } from '../../errors.js';
import { isGstStateCode } from './state-codes.js';

/** Where an order goes; `stateCode` is the GST state code of the destination, the place of supply. */
export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  /** Two digits, as on GST registrations: `"29"` for Karnataka. */
  stateCode: string;
  /** Six digits, the first not 0. */
  pincode: string;
  phone: string;
}

/** A customer's saved address. */
export interface SavedAddress extends ShippingAddress {
  id: string;
  userId: string;
  createdAt: string;
}

/** An Indian PIN code: six digits, the first 1–9. */
export const PINCODE_PATTERN = '^[1-9][0-9]{5}$';
/** A phone number: optional `+`, then 10 to 15 digits. */
export const PHONE_PATTERN = '^\\+?[0-9]{10,15}$';

/**
 * Checks an address: the state code is a GST state code, the PIN code has six digits (the first
 * 1–9), the phone 10–15 digits, name, line1 and city are not blank. Throws VALIDATION_FAILED with
 * details `[{ field, message }]` (fields named `<fieldPrefix><name>`) otherwise; returns the address
 * with its text trimmed and an empty `line2` dropped.
 */
export function validateShippingAddress(address: ShippingAddress, fieldPrefix = ''): ShippingAddress {
  const trimmed: ShippingAddress = {
    name: address.name.trim(),
    line1: address.line1.trim(),
    ...(address.line2?.trim() ? { line2: address.line2.trim() } : {}),
    city: address.city.trim(),
    stateCode: address.stateCode,
    pincode: address.pincode,
    phone: address.phone,
  };
  const problems: Record<string, string> = {};
  if (!isGstStateCode(trimmed.stateCode)) problems.stateCode = `${trimmed.stateCode} is not a GST state code`;
  if (!new RegExp(PINCODE_PATTERN).test(trimmed.pincode))
    problems.pincode = 'a PIN code has 6 digits, the first not 0';
  if (!new RegExp(PHONE_PATTERN).test(trimmed.phone)) problems.phone = 'a phone number has 10 to 15 digits';
  for (const field of ['name', 'line1', 'city'] as const) {
    if (!trimmed[field]) problems[field] = 'must not be blank';
  }
  const entries = Object.entries(problems);
  if (entries.length > 0) {
    const details = entries.map(([field, message]) => ({ field: `${fieldPrefix}${field}`, message }));
    throw new DomainError('VALIDATION_FAILED', 'The address is not valid', details);
  }
  return trimmed;
}
