import { describe, expect, it } from '@jest/globals';
import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type CompiledQuery,
  type Dialect,
} from 'kysely';
import { CompiledStatements } from '../src/compiled-statements.js';
import type { Database } from '../src/schema.js';

// Compiling needs no connection: each dialect's own adapter and compiler, over a driver never used.
const compileOnly = (dialect: Omit<Dialect, 'createDriver'>) =>
  new Kysely<Database>({ dialect: { ...dialect, createDriver: () => new DummyDriver() } });

const dialects: [string, Kysely<Database>][] = [
  [
    'postgres',
    compileOnly({
      createAdapter: () => new PostgresAdapter(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    }),
  ],
  [
    'mysql',
    compileOnly({
      createAdapter: () => new MysqlAdapter(),
      createIntrospector: (db) => new MysqlIntrospector(db),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    }),
  ],
];

const text = (query: CompiledQuery) => ({ sql: query.sql, parameters: query.parameters });

describe.each(dialects)('CompiledStatements on %s', (_name, db) => {
  const reserve = (values: readonly [number, string, string]) =>
    db
      .updateTable('products')
      .set((eb) => ({ stock: eb('stock', '-', values[0]), updated_at: values[1] }))
      .where('id', '=', values[2])
      .where('stock', '>=', values[0]);

  it('gives the SQL and parameters the builder gives, with each call’s own values', () => {
    const statements = new CompiledStatements();
    let builds = 0;
    const counted = (values: readonly [number, string, string]) => {
      builds++;
      return reserve(values);
    };
    for (const values of [
      [2, '2026-01-01T00:00:00.000Z', 'p-1'],
      [5, '2026-02-02T00:00:00.000Z', 'p-2'],
      [1, '2026-03-03T00:00:00.000Z', 'p-3'],
    ] as const) {
      const bound = statements.bind('reserve', values, counted);
      expect(text(bound)).toEqual(text(reserve(values).compile()));
      expect(bound.parameters).toEqual([values[0], values[1], values[2], values[0]]);
    }
    expect(builds).toBe(1);
  });

  it('binds lists and rows per shape, keyed by their length and columns', () => {
    const statements = new CompiledStatements();
    const select = (ids: readonly string[]) =>
      db.selectFrom('products').select(['id', 'price']).where('id', 'in', ids);
    for (const ids of [['a'], ['b', 'c'], ['d']]) {
      expect(text(statements.bind(`products x${ids.length}`, ids, select))).toEqual(
        text(select(ids).compile()),
      );
    }
    const insert = (rows: { order_id: string; line_no: number; sku: string }[]) =>
      db
        .insertInto('order_items')
        .values(rows as never)
        .onConflict((conflict) => conflict.column('order_id').doNothing());
    const batches = [
      [{ order_id: 'o1', line_no: 0, sku: 'A' }],
      [
        { order_id: 'o2', line_no: 0, sku: 'B' },
        { order_id: 'o2', line_no: 1, sku: 'C' },
      ],
      [{ order_id: 'o3', line_no: 0, sku: 'D' }],
    ];
    for (const rows of batches) {
      expect(text(statements.bindRows('insert', rows, insert))).toEqual(text(insert(rows).compile()));
    }
  });

  it('compiles per call what it cannot bind as given', () => {
    const statements = new CompiledStatements();
    // A value written into the SQL text: the template is refused and every call is compiled afresh.
    const inlined = (values: readonly [string]) =>
      db
        .selectFrom('products')
        .select('id')
        .where('sku', '=', sql.raw<string>(`'${values[0]}'`));
    let builds = 0;
    for (const value of ['x', 'y']) {
      const bound = statements.bind('inlined', [value], (values) => {
        builds++;
        return inlined(values);
      });
      expect(bound.sql).toContain(`'${value}'`);
      expect(text(bound)).toEqual(text(inlined([value]).compile()));
    }
    expect(builds).toBe(3); // the refused template, then once per call
    // Rows whose columns differ are no shape.
    const insert = (rows: Record<string, unknown>[]) => db.insertInto('order_items').values(rows as never);
    const mixed = [
      { order_id: 'o1', sku: 'A' },
      { sku: 'B', order_id: 'o1' },
    ];
    expect(text(statements.bindRows('insert', mixed, insert))).toEqual(text(insert(mixed).compile()));
  });

  it('refuses a shape given a different number of values than it was compiled with', () => {
    const statements = new CompiledStatements();
    const select = (ids: readonly string[]) => db.selectFrom('products').select('id').where('id', 'in', ids);
    statements.bind('products by ids', ['a'], select);
    expect(() => statements.bind('products by ids', ['a', 'b'], select)).toThrow(/takes 1 values, got 2/);
  });

  it('passes values outside PlainValue to the builder instead of binding them', () => {
    const statements = new CompiledStatements();
    const update = (values: readonly unknown[]) =>
      db
        .updateTable('products')
        .set({ stock: values[0] as number })
        .where('id', '=', values[1] as string);
    statements.bind('update', [1, 'p'], update);
    for (const odd of [true, 7n, Number.NaN]) {
      const bound = statements.bind('update', [odd as never, 'p'], update);
      expect(text(bound)).toEqual(text(update([odd, 'p']).compile()));
    }
  });
});
