/**
 * The state and union-territory codes of GST registration (the first two digits of a GSTIN and the
 * "place of supply" of an invoice), as listed by the GST Network: 01–38, 97 (Other Territory) and
 * 99 (Centre Jurisdiction). 25 (Daman and Diu) has been merged into 26 since 2020 but stays valid
 * for registrations made before. The one list in the code base.
 */
export const GST_STATE_CODES: Readonly<Record<string, string>> = {
  '01': 'Jammu and Kashmir',
  '02': 'Himachal Pradesh',
  '03': 'Punjab',
  '04': 'Chandigarh',
  '05': 'Uttarakhand',
  '06': 'Haryana',
  '07': 'Delhi',
  '08': 'Rajasthan',
  '09': 'Uttar Pradesh',
  '10': 'Bihar',
  '11': 'Sikkim',
  '12': 'Arunachal Pradesh',
  '13': 'Nagaland',
  '14': 'Manipur',
  '15': 'Mizoram',
  '16': 'Tripura',
  '17': 'Meghalaya',
  '18': 'Assam',
  '19': 'West Bengal',
  '20': 'Jharkhand',
  '21': 'Odisha',
  '22': 'Chhattisgarh',
  '23': 'Madhya Pradesh',
  '24': 'Gujarat',
  '25': 'Daman and Diu',
  '26': 'Dadra and Nagar Haveli and Daman and Diu',
  '27': 'Maharashtra',
  '28': 'Andhra Pradesh (before division)',
  '29': 'Karnataka',
  '30': 'Goa',
  '31': 'Lakshadweep',
  '32': 'Kerala',
  '33': 'Tamil Nadu',
  '34': 'Puducherry',
  '35': 'Andaman and Nicobar Islands',
  '36': 'Telangana',
  '37': 'Andhra Pradesh',
  '38': 'Ladakh',
  '97': 'Other Territory',
  '99': 'Centre Jurisdiction',
};

/** True when `code` is a GST state code of the list above (two digits, e.g. `"29"`). */
export function isGstStateCode(code: string): boolean {
  return Object.hasOwn(GST_STATE_CODES, code);
}

/** The state's name for a known code, e.g. `Karnataka` for `"29"`; throws a RangeError for an unknown code. */
export function gstStateName(code: string): string {
  const name = GST_STATE_CODES[code];
  if (name === undefined) throw new RangeError(`unknown GST state code: ${code}`);
  return name;
}
