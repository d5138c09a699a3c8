import { AdapterError, type IDatabaseAdapter, type Logger } from '@bharatmart/core';

/** Which side of a failover pair. */
export type PairSide = 'primary' | 'fallback';

/** Raised at startup when the two sides of a failover pair read different database identities. */
export class DatabasePairMismatchError extends AdapterError {
  constructor(
    database: string,
    readonly sides: { primary: string; fallback: string },
    readonly identities: { primary: string; fallback: string },
  ) {
    super(
      database,
      'MISCONFIGURED',
      `the primary ${sides.primary} and the fallback ${sides.fallback} are different databases ` +
        `(database identity ${identities.primary} vs ${identities.fallback}); a failover pair must ` +
        'reach the same data, or orders written during an outage vanish when the primary returns',
    );
  }
}

/**
 * Which sides of a failover pair are proven to reach the same database: a side is trusted once its
 * identity (`migrations.identity()`) equals the first identity read from either side, and never
 * when it differs. Each side's identity is read until it answers once, then remembered.
 */
export class PairIdentity {
  #expected: string | undefined;
  readonly #trusted = new Set<PairSide>();
  readonly #mismatched = new Set<PairSide>();

  constructor(
    private readonly name: string,
    private readonly sides: Record<PairSide, IDatabaseAdapter>,
    private readonly logger: Logger,
  ) {}

  /** True once `side` proved to reach the pair's database; false once it proved not to. */
  async trusts(side: PairSide): Promise<boolean> {
    if (this.#trusted.has(side)) return true;
    if (this.#mismatched.has(side)) return false;
    return this.#admit(side, await this.sides[side].migrations.identity());
  }

  /** Whether `side` read another database's identity (it then never serves). */
  mismatched(side: PairSide): boolean {
    return this.#mismatched.has(side);
  }

  /**
   * The startup proof. Both sides answer: equal identities trust both, different ones raise
   * DatabasePairMismatchError. One side is out (`isOutage`): the other is trusted alone and the
   * absent one is proven when it first answers. Both out, or any other failure: that error.
   */
  async verify(isOutage: (error: unknown) => boolean): Promise<void> {
    const [primary, fallback] = await Promise.allSettled([
      this.sides.primary.migrations.identity(),
      this.sides.fallback.migrations.identity(),
    ]);
    if (primary.status === 'fulfilled' && fallback.status === 'fulfilled') {
      if (primary.value !== fallback.value) {
        throw new DatabasePairMismatchError(
          this.name,
          { primary: this.sides.primary.name, fallback: this.sides.fallback.name },
          { primary: primary.value, fallback: fallback.value },
        );
      }
      this.#admit('primary', primary.value);
      this.#admit('fallback', fallback.value);
      return;
    }
    const present: PairSide = primary.status === 'fulfilled' ? 'primary' : 'fallback';
    const absent: PairSide = present === 'primary' ? 'fallback' : 'primary';
    const answered = present === 'primary' ? primary : fallback;
    const failure = present === 'primary' ? fallback : primary;
    // Both failed, or one failed for another reason than an outage: that failure.
    if (answered.status === 'rejected')
      throw failure.status === 'rejected' ? failure.reason : answered.reason;
    if (failure.status === 'rejected' && !isOutage(failure.reason)) throw failure.reason;
    this.#admit(present, answered.value);
    this.logger.warn(
      { database: this.name, unverified: this.sides[absent].name },
      `database ${this.sides[absent].name} is unreachable at start; it serves only after it proves to be the same database as ${this.sides[present].name}`,
    );
  }

  #admit(side: PairSide, identity: string): boolean {
    this.#expected ??= identity;
    if (identity === this.#expected) {
      this.#trusted.add(side);
      return true;
    }
    if (!this.#mismatched.has(side)) {
      this.#mismatched.add(side);
      this.logger.error(
        { database: this.name, side: this.sides[side].name, identity, expected: this.#expected },
        `database ${this.sides[side].name} is another database than its failover partner; it will not serve`,
      );
    }
    return false;
  }
}
