import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost parameters: CPU/memory cost N (a power of two), block size r, parallelism p. */
interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** What new hashes use: OWASP's minimum for scrypt (N=2^17, r=8, p=1; 128 MiB per hash). */
const CURRENT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/** The cost of the hashes written before the parameters were stored (`scrypt$16384$salt$key`). */
const LEGACY: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };
/**
 * The most a stored hash may ask for, each at twice the current policy, and at most 256 MiB of
 * memory. A hash beyond it is refused without computing anything: a hostile database row must not
 * tie up the process.
 */
const MAX: ScryptCost = { N: 2 ** 18, r: 16, p: 2 };
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

/** scrypt needs 128·N·r bytes (plus 128·r·p); Node refuses more than `maxmem`, 32 MiB by default. */
const memoryOf = ({ N, r }: ScryptCost): number => 128 * N * r;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const maxmem = memoryOf(cost) + 128 * cost.r * cost.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, { ...cost, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

/** A positive whole number written canonically (no sign, leading zero, exponent or spaces), else NaN. */
const canonicalInteger = (text: string | undefined): number =>
  text !== undefined && /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : Number.NaN;

/** The bytes of canonical base64 of exactly `length` bytes, else undefined. */
function base64Of(text: string | undefined, length: number): Buffer | undefined {
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === length && bytes.toString('base64') === text ? bytes : undefined;
}

/** Valid for scrypt (N a power of two below 2^(16·r), r and p at least 1) and within the bounds above. */
const withinBounds = (cost: ScryptCost): boolean =>
  [cost.N, cost.r, cost.p].every(Number.isSafeInteger) &&
  cost.N >= 2 &&
  cost.N <= MAX.N &&
  (cost.N & (cost.N - 1)) === 0 &&
  cost.r >= 1 &&
  cost.r <= MAX.r &&
  cost.N < 2 ** (16 * cost.r) &&
  cost.p >= 1 &&
  cost.p <= MAX.p &&
  memoryOf(cost) <= MAX_MEMORY_BYTES;

/**
 * The parts of a stored hash — `scrypt$N$r$p$salt$key`, or the legacy `scrypt$16384$salt$key` — or
 * undefined when it is malformed or asks for more than the bounds allow.
 */
function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return undefined;
  let cost: ScryptCost;
  let encoded: (string | undefined)[];
  if (parts.length === 4) {
    if (canonicalInteger(parts[1]) !== LEGACY.N) return undefined;
    cost = LEGACY;
    encoded = parts.slice(2);
  } else if (parts.length === 6) {
    cost = { N: canonicalInteger(parts[1]), r: canonicalInteger(parts[2]), p: canonicalInteger(parts[3]) };
    encoded = parts.slice(4);
  } else {
    return undefined;
  }
  if (!withinBounds(cost)) return undefined;
  const salt = base64Of(encoded[0], SALT_BYTES);
  const key = base64Of(encoded[1], KEY_BYTES);
  return salt && key ? { cost, salt, key } : undefined;
}

/**
 * Hashes a password with scrypt at the current cost and a random salt. The result names its
 * parameters (`scrypt$N$r$p$salt$key`), so hashes made at another cost keep verifying.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT);
  const { N, r, p } = CURRENT;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * True when `password` matches `stored` (from hashPassword, at whatever cost it names); compares in
 * constant time. A malformed hash, or one asking for more work than the bounds allow, is false.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return timingSafeEqual(actual, parsed.key);
}

/**
 * True when `stored` is a valid hash weaker than the current cost in any parameter (every legacy
 * hash is), so it should be replaced by `hashPassword` once the password is known to match.
 */
export function passwordNeedsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return N < CURRENT.N || r < CURRENT.r || p < CURRENT.p;
}
