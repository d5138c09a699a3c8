import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { FONT_FILES } from '../src/fonts.js';
import { woffToSfnt } from '../src/woff-to-sfnt.js';

const require = createRequire(import.meta.url);

/** The OpenType table checksum: the sum of the table's big-endian uint32 words, modulo 2^32. */
function tableChecksum(table: Buffer): number {
  const words = Buffer.concat([table, Buffer.alloc((4 - (table.length % 4)) % 4)]);
  let sum = 0;
  for (let offset = 0; offset < words.length; offset += 4) sum = (sum + words.readUInt32BE(offset)) >>> 0;
  return sum;
}

describe('woffToSfnt', () => {
  it.each(Object.entries(FONT_FILES))('unpacks the %s font: every table matches its checksum', (_, file) => {
    const woff = readFileSync(require.resolve(file));
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    const numTables = sfnt.readUInt16BE(4);
    expect(numTables).toBe(woff.readUInt16BE(12));
    expect(sfnt.length).toBe(woff.readUInt32BE(16));
    for (let index = 0; index < numTables; index++) {
      const record = 12 + index * 16;
      const tag = sfnt.toString('latin1', record, record + 4);
      const offset = sfnt.readUInt32BE(record + 8);
      const table = Buffer.from(sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12)));
      // The head table's checksum is taken with its checkSumAdjustment field as zero.
      if (tag === 'head') table.writeUInt32BE(0, 8);
      expect({ tag, checksum: tableChecksum(table) }).toEqual({
        tag,
        checksum: sfnt.readUInt32BE(record + 4),
      });
    }
  });

  it('refuses a file that is not WOFF 1.0', () => {
    expect(() => woffToSfnt(Buffer.from('OTTO and more than forty-four bytes of something else'))).toThrow(
      'not a WOFF 1.0 font',
    );
  });
});
