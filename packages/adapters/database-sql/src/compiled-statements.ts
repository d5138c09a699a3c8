import { createQueryId, type Compilable, type CompiledQuery } from 'kysely';

/** A value every dialect's compiler binds exactly as given (booleans and dates it may rewrite). */
export type PlainValue = string | number | null;

/** How many statement shapes are kept; shapes past this are compiled on every call. */
const MAX_SHAPES = 512;

interface Template {
  /** How many values the statement takes. */
  count: number;
  compiled: CompiledQuery;
  /** For each bound parameter, the index of the value it takes. */
  valueAt: number[];
}

/**
 * Statements that are built and compiled once per shape and then only bound. Building and compiling
 * a Kysely query costs tens of microseconds, a noticeable share of a sub-millisecond statement.
 *
 * `bind(shape, values, build)` returns `build(values)` compiled — the same SQL and parameters the
 * builder gives — from a template: the first call for a shape compiles `build` over markers, with
 * this dialect's own compiler and plugins, and records which value each parameter takes. A shape
 * whose markers do not come out as plain parameters (a dialect that inlines or rewrites one) is
 * compiled per call instead, as is any call with a value outside `PlainValue`. The shape key must
 * name everything that changes the statement's text, such as a list's length; `build` may only
 * place the values it is given, never compute with them or branch on them.
 */
export class CompiledStatements {
  readonly #templates = new Map<string, Template | null>();

  bind<const V extends readonly PlainValue[], R>(
    shape: string,
    values: V,
    build: (values: V) => Compilable<R>,
  ): CompiledQuery<R> {
    if (!values.every(isPlain)) return build(values).compile();
    let template = this.#templates.get(shape);
    if (template === undefined) {
      template = compileTemplate(values.length, build);
      if (this.#templates.size < MAX_SHAPES) this.#templates.set(shape, template);
    }
    if (template === null) return build(values).compile();
    if (values.length !== template.count) {
      throw new Error(`statement shape "${shape}" takes ${template.count} values, got ${values.length}`);
    }
    return {
      ...(template.compiled as CompiledQuery<R>),
      queryId: createQueryId(),
      parameters: template.valueAt.map((index) => values[index]),
    };
  }

  /**
   * `build(rows)` compiled, for statements that write whole rows (INSERT … VALUES): like `bind`,
   * with the rows' column names and count added to `shape`. Rows that do not all have the same
   * columns in the same order are compiled per call.
   */
  bindRows<Row extends Record<string, unknown>, R>(
    shape: string,
    rows: readonly Row[],
    build: (rows: Row[]) => Compilable<R>,
  ): CompiledQuery<R> {
    const columns = Object.keys(rows[0] ?? {});
    const alike = rows.every((row) => {
      const keys = Object.keys(row);
      return keys.length === columns.length && keys.every((key, index) => key === columns[index]);
    });
    if (columns.length === 0 || !alike) return build([...rows]).compile();
    // Plain loops: flatMap costs microseconds here, a noticeable part of what this saves.
    const values: unknown[] = [];
    for (const row of rows) for (const column of columns) values.push(row[column]);
    const width = columns.length;
    return this.bind(`${shape}(${columns.join(',')})x${rows.length}`, values as PlainValue[], (bound) =>
      build(
        rows.map(
          (_, row) =>
            Object.fromEntries(columns.map((column, index) => [column, bound[row * width + index]])) as Row,
        ),
      ),
    );
  }
}

function isPlain(value: unknown): value is PlainValue {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function compileTemplate<V extends readonly PlainValue[], R>(
  count: number,
  build: (values: V) => Compilable<R>,
): Template | null {
  const markers = Array.from({ length: count }, (_, index) => `\u0000bharatmart-value-${index}\u0000`);
  const compiled = build(markers as unknown as V).compile();
  const valueAt = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' ? markers.indexOf(parameter) : -1,
  );
  const everyParameterIsAMarker = valueAt.every((index) => index >= 0);
  const everyMarkerIsBound = markers.every((_, index) => valueAt.includes(index));
  return everyParameterIsAMarker && everyMarkerIsBound ? { count, compiled, valueAt } : null;
}
