import { escapeIdentifier } from 'pg';
import { PostgrestError } from '../postgrest-error.js';
import { COMPARE_OPERATORS, type Condition } from '../query/filter-parser.js';
import type { Level } from '../query/query-params.js';
import type { OrderTerm, SelectItem } from '../query/select-parser.js';
import { EXPOSED_SCHEMA, type ForeignKey } from './catalog.js';

/** `"schema"."name"`, quoted: no identifier from a request ever reaches SQL unquoted. */
export function qualified(name: string): string {
  return `${escapeIdentifier(EXPOSED_SCHEMA)}.${escapeIdentifier(name)}`;
}

const q = escapeIdentifier;

/**
 * Builds one SQL statement from a parsed request. Identifiers are quoted with `escapeIdentifier`;
 * every value from the request becomes a `$n` parameter (its type inferred from the column, as
 * PostgREST's unknown-typed literals are); only validated integers (limit, offset) are inlined.
 */
export class SqlBuilder {
  readonly values: unknown[] = [];
  #aliases = 0;

  constructor(
    private readonly levels: ReadonlyMap<string, Level>,
    private readonly foreignKeys: readonly ForeignKey[] = [],
  ) {}

  /** A fresh table alias; the first one is `_t0`, the root. */
  alias(): string {
    return `_t${this.#aliases++}`;
  }

  /** Adds `value` as the next parameter and returns its placeholder. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The select list for `items` over rows of `table` aliased `alias`; `path` is their embed path. */
  selectList(items: readonly SelectItem[], alias: string, table: string, path = ''): string {
    const columns = items.map((item) => {
      switch (item.kind) {
        case 'star':
          return `${alias}.*`;
        case 'column':
          return `${alias}.${q(item.name)}${item.cast ? `::${item.cast}` : ''} AS ${q(item.alias ?? item.name)}`;
        case 'embed':
          return `${this.#embed(item, alias, table, path)} AS ${q(item.alias ?? item.relation)}`;
      }
    });
    return columns.join(', ');
  }

  /** `WHERE …` for `conditions` on `alias`, or the empty string. */
  where(conditions: readonly Condition[], alias: string, extra: string[] = []): string {
    const clauses = [...extra, ...conditions.map((condition) => this.#condition(condition, alias))];
    return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  /** `ORDER BY …` for `order` on `alias`, or the empty string. */
  orderBy(order: readonly OrderTerm[], alias: string): string {
    if (order.length === 0) return '';
    const terms = order.map(
      (term) =>
        `${alias}.${q(term.column)} ${term.descending ? 'DESC' : 'ASC'}${term.nulls ? ` NULLS ${term.nulls}` : ''}`,
    );
    return `ORDER BY ${terms.join(', ')}`;
  }

  /** `LIMIT n OFFSET m` for validated integers. */
  page(limit: number | undefined, offset: number | undefined): string {
    return [
      limit === undefined ? '' : `LIMIT ${Math.trunc(limit)}`,
      offset ? `OFFSET ${Math.trunc(offset)}` : '',
    ].join(' ');
  }

  #condition(condition: Condition, alias: string): string {
    const sql = this.#positive(condition, alias);
    return condition.negated ? `NOT (${sql})` : `(${sql})`;
  }

  #positive(condition: Condition, alias: string): string {
    switch (condition.kind) {
      case 'logic': {
        const parts = condition.conditions.map((part) => this.#condition(part, alias));
        return parts.join(condition.operator === 'and' ? ' AND ' : ' OR ');
      }
      case 'is':
        return `${alias}.${q(condition.column)} IS ${condition.value}`;
      case 'in':
        if (condition.values.length === 0) return 'false';
        return `${alias}.${q(condition.column)} IN (${condition.values.map((v) => this.param(v)).join(', ')})`;
      case 'compare': {
        const pattern = condition.operator === 'like' || condition.operator === 'ilike';
        const value = pattern ? condition.value.replaceAll('*', '%') : condition.value;
        return `${alias}.${q(condition.column)} ${COMPARE_OPERATORS[condition.operator]} ${this.param(value)}`;
      }
    }
  }

  #embed(
    item: Extract<SelectItem, { kind: 'embed' }>,
    parentAlias: string,
    parent: string,
    path: string,
  ): string {
    const { fk, toMany } = this.#relationship(parent, item.relation, item.hint);
    const childPath = path === '' ? (item.alias ?? item.relation) : `${path}.${item.alias ?? item.relation}`;
    const level = this.levels.get(childPath) ?? { conditions: [], order: [] };
    const alias = this.alias();
    const join = fk.columns.map((column, i) => {
      const foreign = fk.foreignColumns[i] ?? '';
      return toMany
        ? `${alias}.${q(column)} = ${parentAlias}.${q(foreign)}`
        : `${alias}.${q(foreign)} = ${parentAlias}.${q(column)}`;
    });
    const inner = [
      `SELECT ${this.selectList(item.children, alias, item.relation, childPath)}`,
      `FROM ${qualified(item.relation)} AS ${alias}`,
      this.where(level.conditions, alias, join),
      this.orderBy(level.order, alias),
      toMany ? this.page(level.limit, level.offset) : '',
    ].join(' ');
    return toMany
      ? `COALESCE((SELECT json_agg(_e) FROM (${inner}) AS _e), '[]'::json)`
      : `(SELECT row_to_json(_e) FROM (${inner}) AS _e)`;
  }

  #relationship(
    parent: string,
    relation: string,
    hint: string | undefined,
  ): { fk: ForeignKey; toMany: boolean } {
    const matchesHint = (fk: ForeignKey) =>
      hint === undefined || fk.name === hint || fk.columns.includes(hint) || fk.foreignColumns.includes(hint);
    const candidates = this.foreignKeys.filter(matchesHint).flatMap((fk) => {
      if (fk.table === relation && fk.foreignTable === parent) return [{ fk, toMany: true }];
      if (fk.table === parent && fk.foreignTable === relation) return [{ fk, toMany: false }];
      return [];
    });
    const [found, ...others] = candidates;
    if (!found) {
      throw new PostgrestError(
        400,
        'PGRST200',
        `Could not find a relationship between '${parent}' and '${relation}' in the schema cache`,
      );
    }
    if (others.length > 0) {
      throw new PostgrestError(
        300,
        'PGRST201',
        `Could not embed because more than one relationship was found for '${parent}' and '${relation}'`,
        null,
        'Try changing the embedding to one of the relationships by naming its foreign key: relation!fk_name(...)',
      );
    }
    return found;
  }
}

/** True when `items` embed a resource at any depth (foreign keys are then needed). */
export function hasEmbeds(items: readonly SelectItem[]): boolean {
  return items.some((item) => item.kind === 'embed');
}
