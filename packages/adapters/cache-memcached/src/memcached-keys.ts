import { createHash, randomInt } from 'node:crypto';

/** Longest key memcached accepts, in bytes. */
const MAX_KEY_BYTES = 250;

/**
 * What a memcached key holds: an entry (a value with the generations it was written under), a
 * namespace's generation, or a namespace's key index.
 */
export type KeyKind = 'e' | 'g' | 'i';

/**
 * The namespaces of `key`: its leading prefixes that end in `:`, shortest first, at most `depth`.
 * `products:item:42` has `products:` and `products:item:` at depth 2.
 */
export function namespacesOf(key: string, depth: number): string[] {
  const namespaces: string[] = [];
  for (let end = key.indexOf(':'); end >= 0 && namespaces.length < depth; end = key.indexOf(':', end + 1)) {
    namespaces.push(key.slice(0, end + 1));
  }
  return namespaces;
}

/**
 * Whether `prefix` is a namespace of every key that starts with it (it ends in `:` and has at most
 * `depth` segments), which is exactly when deleteByPrefix can drop those keys.
 */
export function isNamespace(prefix: string, depth: number): boolean {
  return namespacesOf(prefix, depth).at(-1) === prefix;
}

/** True when memcached takes `key` as it is: at most 250 bytes, no spaces or control characters. */
export function isPlainKey(key: string): boolean {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return false;
  }
  return true;
}

/**
 * Builds memcached keys `<keyPrefix><kind>:<name>`; a name that would make the key too long or
 * unsafe is replaced by its SHA-256 (`<keyPrefix><kind>#<hash>`), so every key is plain.
 */
export function keyBuilder(keyPrefix: string): (kind: KeyKind, name: string) => string {
  return (kind, name) => {
    const key = `${keyPrefix}${kind}:${name}`;
    if (isPlainKey(key)) return key;
    return `${keyPrefix}${kind}#${createHash('sha256').update(name).digest('base64url')}`;
  };
}

/**
 * A starting generation for a namespace whose counter is missing (never used, or evicted): random,
 * so keys written under an evicted counter's generations are not found again. Below 2^31, so the
 * 64-bit counter memjs decodes as 32 bits stays exact.
 */
export function freshGeneration(): number {
  return randomInt(1, 2 ** 31);
}
