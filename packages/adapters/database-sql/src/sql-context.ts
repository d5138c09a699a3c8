import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AdapterError, DomainError } from '@bharatmart/core';
import { CompiledStatements } from './compiled-statements.js';
import type { SqlDialectFeatures, SqlErrorKind } from './dialect-features.js';
import type { Database } from './schema.js';

/** How often an operation runs when the database keeps rolling it back to break a deadlock. */
const DEADLOCK_ATTEMPTS = 5;

/** What every repository shares: the database, the dialect's features and error translation. */
export class SqlContext {
  #closed = false;
  /** The statements compiled once per shape for this dialect (see CompiledStatements). */
  readonly statements = new CompiledStatements();

  constructor(
    /** The adapter's name as configured, e.g. `pglite`; it names the backend in AdapterErrors. */
    readonly name: string,
    readonly db: Kysely<Database>,
    readonly features: SqlDialectFeatures,
  ) {}

  /** After this, every operation fails with AdapterError `UNAVAILABLE`. */
  markClosed(): void {
    this.#closed = true;
  }

  /** A new application-generated id (UUID v4 string). */
  newId(): string {
    return randomUUID();
  }

  /** The current time as stored: an ISO-8601 UTC string. */
  now(): string {
    return new Date().toISOString();
  }

  /** What the dialect says a driver error is; looks through `cause` chains of wrapped errors. */
  classify(error: unknown): SqlErrorKind {
    for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
      const kind = this.features.classifyError(current);
      if (kind !== 'other') return kind;
      current = current instanceof Error ? current.cause : undefined;
    }
    return 'other';
  }

  /**
   * Runs one repository operation: refuses once closed, runs it again when the database rolled it back
   * to break a deadlock (each operation is one transaction, or statements safe to repeat), and
   * translates driver errors, so callers only ever see DomainError (`CONFLICT` for a unique key,
   * `NOT_FOUND` for a missing reference), AdapterError `UNAVAILABLE` or `WRITES_PAUSED`, or a
   * programming error.
   */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new AdapterError(this.name, 'UNAVAILABLE', 'the database adapter is closed');
      try {
        return await operation();
      } catch (error) {
        // A deadlock victim's transaction was rolled back whole, so the operation runs again.
        if (this.classify(error) === 'deadlock' && attempt < DEADLOCK_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        throw this.#translate(error);
      }
    }
  }

  #describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  #translate(error: unknown): unknown {
    if (error instanceof DomainError || error instanceof AdapterError) return error;
    switch (this.classify(error)) {
      case 'unavailable':
        return new AdapterError(this.name, 'UNAVAILABLE', `database unreachable: ${this.#describe(error)}`, {
          cause: error,
        });
      case 'writes-paused':
        return new AdapterError(
          this.name,
          'WRITES_PAUSED',
          'writes are paused while the database is switched',
          {
            cause: error,
          },
        );
      case 'deadlock':
        return new AdapterError(
          this.name,
          'UNAVAILABLE',
          `the database kept choosing this call to break deadlocks`,
          {
            cause: error,
          },
        );
      case 'unique-violation':
        return new DomainError('CONFLICT', 'a record with the same unique key already exists', undefined, {
          cause: error,
        });
      case 'foreign-key-violation':
        return new DomainError('NOT_FOUND', 'a record this change refers to does not exist', undefined, {
          cause: error,
        });
      case 'invalid-input':
        return new DomainError(
          'VALIDATION_FAILED',
          `the database cannot store a value: ${this.#describe(error)}`,
          undefined,
          {
            cause: error,
          },
        );
      case 'other':
        return error;
    }
  }
}

/** Converts a driver's integer (number, decimal string or bigint) to a safe JS number. */
export function toNumber(value: number | string | bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return result;
}

/** Escapes `%`, `_` and the escape character itself for `like ... escape '!'`. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (char) => `!${char}`);
}
