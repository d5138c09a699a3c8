import type { OracleConnector } from '../../src/oracle-dialect.js';
import type { OracleResult, OracleSession } from '../../src/oracle-session.js';

/** An error as node-oracledb raises it. */
export interface OracleErrorReply {
  code: string;
  message: string;
}

/** What the stand-in answers to one statement. */
export type Reply = OracleResult | OracleErrorReply;

/** One call the dialect made, in order. */
export type RecordedCall =
  | { kind: 'execute'; session: string; sql: string; binds: readonly unknown[]; autoCommit: boolean }
  | { kind: 'commit' | 'rollback' | 'close'; session: string }
  | { kind: 'pool closed'; label: string };

/**
 * A reply computed from the statement; it may wait (e.g. for a write to another database that must
 * happen while the dialect waits for this statement).
 */
export type ReplyFunction = (binds: readonly unknown[], sql: string) => Reply | Promise<Reply>;

interface Rule {
  pattern: RegExp;
  replies: (Reply | ReplyFunction)[];
}

/**
 * A stand-in for node-oracledb that records every call the Oracle dialect makes (SQL text, binds,
 * autoCommit, commit, rollback) and answers from a script. It exists only because no Oracle server
 * can run where these tests run; it checks what the adapter sends, never what Oracle would answer.
 * The live suite (oracle-live.test.ts) runs the same adapter against a real Oracle.
 *
 * A statement gets the reply of the first rule whose pattern matches its SQL; a rule with several
 * replies gives them in turn and repeats the last. Without a rule, a query returns no rows and any
 * other statement affects one row.
 */
export class RecordingOracle implements OracleConnector {
  readonly #rules: Rule[] = [];
  #sessions = 0;

  /** `label` prefixes session names; pass another recorder's `calls` to record into one list. */
  constructor(
    private readonly label = '',
    readonly calls: RecordedCall[] = [],
  ) {}

  /** Answers statements matching `pattern` with `replies`, in turn. */
  on(pattern: RegExp, ...replies: Rule['replies']): this {
    this.#rules.push({ pattern, replies });
    return this;
  }

  /** The binds of the last statement recorded so far whose SQL matches `pattern`. */
  bindsOfLast(pattern: RegExp): readonly unknown[] {
    const call = this.calls.findLast((entry) => entry.kind === 'execute' && pattern.test(entry.sql));
    if (call?.kind !== 'execute') throw new Error(`no statement matching ${pattern} was recorded`);
    return call.binds;
  }

  async openPool() {
    return {
      getSession: async () => this.#session(`${this.label}pool session ${++this.#sessions}`),
      close: async () => {
        this.calls.push({ kind: 'pool closed', label: this.label });
      },
    };
  }

  async openSession(): Promise<OracleSession> {
    return this.#session(`${this.label}lock session`);
  }

  #session(name: string): OracleSession {
    return {
      execute: async (sql, binds, autoCommit) => {
        this.calls.push({ kind: 'execute', session: name, sql, binds: [...binds], autoCommit });
        const reply = await this.#reply(sql, binds);
        if ('code' in reply) throw Object.assign(new Error(reply.message), { code: reply.code });
        return reply;
      },
      commit: async () => {
        this.calls.push({ kind: 'commit', session: name });
      },
      rollback: async () => {
        this.calls.push({ kind: 'rollback', session: name });
      },
      close: async () => {
        this.calls.push({ kind: 'close', session: name });
      },
    };
  }

  #reply(sql: string, binds: readonly unknown[]): Reply | Promise<Reply> {
    const rule = this.#rules.find((candidate) => candidate.pattern.test(sql));
    if (!rule) return /^\s*select\b/i.test(sql) ? { rows: [] } : { rowsAffected: 1 };
    const next = rule.replies.length > 1 ? rule.replies.shift() : rule.replies[0];
    if (next === undefined) throw new Error(`rule ${rule.pattern} has no reply`);
    return typeof next === 'function' ? next(binds, sql) : next;
  }
}
