import { DomainError, type IDatabaseAdapter, type Logger } from '@bharatmart/core';
import { switchDatabase, type SwitchReport } from '@bharatmart/database-sql';
import { describeSwitchEvent } from './switch-progress.js';
import { assertSwitchablePair } from './supported-pairs.js';

/** Where a switch run by this process stands, as the admin endpoint shows it. */
export interface SwitchStatus {
  state: 'idle' | 'running' | 'flipped' | 'failed';
  /** DATABASE_TYPE the process was configured with. */
  from: string;
  /** NEXT_DATABASE_TYPE, when set. */
  to?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The phase running now, or the last one that ran. */
  phase?: string;
  /** The last lines of progress, oldest first. */
  log: string[];
  report?: Omit<SwitchReport, 'verification'> & { tables: { table: string; rows: number; match: boolean }[] };
  error?: string;
}

const LOG_LINES = 50;

/**
 * Runs a live switch inside this process (`POST /api/v1/admin/database/switch`), the only way to
 * switch an embedded PGlite database, which no other process may open. One switch at a time; the
 * process's own database follows the flip like every other process's (see `followDatabaseSwitch`).
 */
export class DatabaseSwitchController {
  #status: SwitchStatus;

  constructor(
    private readonly deps: {
      /** The database this process serves from (the source until the flip). */
      db: IDatabaseAdapter;
      from: string;
      /** The NEXT_ database; `problem` says why a switch to it cannot run in this process. */
      next?: { type: string; open: () => Promise<IDatabaseAdapter>; problem?: string };
      logger: Logger;
    },
  ) {
    this.#status = { state: 'idle', from: deps.from, ...(deps.next ? { to: deps.next.type } : {}), log: [] };
  }

  /** The current status (a copy). */
  status(): SwitchStatus {
    return structuredClone(this.#status);
  }

  /**
   * Starts the switch in the background and returns its status. Refuses (409) without NEXT_ settings,
   * while a switch runs, and after one flipped.
   */
  start(): SwitchStatus {
    const next = this.deps.next;
    if (!next) {
      throw new DomainError(
        'CONFLICT',
        'No NEXT_DATABASE_TYPE is configured: set the NEXT_ settings of the target and restart',
      );
    }
    if (this.#status.state === 'running') throw new DomainError('CONFLICT', 'A switch is already running');
    try {
      assertSwitchablePair(this.deps.from, next.type);
    } catch (error) {
      throw new DomainError('CONFLICT', error instanceof Error ? error.message : String(error));
    }
    if (this.#status.state === 'flipped')
      throw new DomainError('CONFLICT', `The database was already switched to ${next.type}`);
    if (next.problem) throw new DomainError('CONFLICT', next.problem);
    this.#status = {
      state: 'running',
      from: this.deps.from,
      to: next.type,
      startedAt: new Date().toISOString(),
      log: [],
    };
    void this.#run(next);
    return this.status();
  }

  async #run(next: NonNullable<typeof this.deps.next>): Promise<void> {
    const log = (line: string) => {
      this.#status.log = [...this.#status.log, line].slice(-LOG_LINES);
      this.deps.logger.info({ switch: line }, 'database switch');
    };
    let target: IDatabaseAdapter | undefined;
    try {
      target = await next.open();
      const { verification, ...report } = await switchDatabase({
        source: this.deps.db,
        target,
        targetType: next.type,
        onEvent: (event) => {
          if (event.kind === 'phase') this.#status.phase = event.phase;
          const line = describeSwitchEvent(event);
          if (line) log(line);
          else if (event.kind === 'copy' && event.progress.copied === event.progress.total) {
            log(`copy: ${event.progress.table} ${event.progress.copied} row(s)`);
          }
        },
      });
      this.#status = {
        ...this.#status,
        state: 'flipped',
        finishedAt: new Date().toISOString(),
        report: {
          ...report,
          tables: verification.map((table) => ({
            table: table.table,
            rows: table.targetRows,
            match: table.match,
          })),
        },
      };
      log(`flipped to ${next.type}: writes paused ${report.writePauseMs} ms`);
    } catch (error) {
      this.#status = {
        ...this.#status,
        state: 'failed',
        finishedAt: new Date().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      };
      this.deps.logger.error({ err: error }, 'database switch failed; the source keeps serving');
    } finally {
      await target?.close();
    }
  }
}
