import { randomUUID } from 'node:crypto';

/** Words in product names; searching one of them matches about one product in eight. */
export const WORDS = ['masala', 'basmati', 'ghee', 'saree', 'kurta', 'brass', 'jute', 'pickle'] as const;

/** The lowest price seeded (paise): cache-miss requests vary `minPrice` below it to get a new key. */
export const MIN_PRICE = 10_000_000;

/** Stock of every seeded product: large enough that order benchmarks never run out. */
const STOCK = 1_000_000_000;

/** Runs one statement with positional parameters. */
export type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

const COLUMNS = [
  'id',
  'sku',
  'name',
  'description',
  'price',
  'currency',
  'stock',
  'category',
  'created_at',
  'updated_at',
];

/**
 * Inserts `count` products in batches of 500 through `execute`, after the schema was migrated.
 * `style` picks the placeholder syntax (`$1` for PostgreSQL, `?` for MySQL); `from` numbers the first
 * product (skus and prices stay unique across calls). Their names and descriptions cycle through
 * WORDS, or all carry `word` when given. Returns their ids.
 */
export async function seedProducts(
  execute: Execute,
  count: number,
  style: 'pg' | 'mysql',
  from = 0,
  word?: string,
): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date().toISOString();
  for (let start = from; start < from + count; start += 500) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (let i = start; i < Math.min(from + count, start + 500); i++) {
      const id = randomUUID();
      ids.push(id);
      const named = word ?? WORDS[i % WORDS.length] ?? 'masala';
      const serial = String(i).padStart(6, '0');
      const values = [
        id,
        `BENCH-${serial}`,
        `Bench ${named} ${serial}`,
        `A benchmark product made of ${named}, number ${serial}.`,
        MIN_PRICE + i,
        'INR',
        STOCK,
        `category-${i % 5}`,
        now,
        now,
      ];
      const marks = values.map((_, k) => (style === 'pg' ? `$${params.length + k + 1}` : '?'));
      params.push(...values);
      tuples.push(`(${marks.join(', ')})`);
    }
    await execute(`insert into products (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params);
  }
  return ids;
}
