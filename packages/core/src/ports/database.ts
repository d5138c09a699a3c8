import type {
  EmailRecord,
  Invoice,
  NewProduct,
  Order,
  OrderStatus,
  Page,
  PaymentRecord,
  PaymentStatus,
  Product,
  ProductPatch,
  ProductPage,
  ProductQuery,
  Role,
  User,
  UserWithCredentials,
} from '../domain/types.js';
import type { SavedAddress, ShippingAddress } from '../domain/gst/address.js';
import type { PendingJob } from '../jobs/job-types.js';
import type { AdapterLifecycle } from './health.js';

/**
 * The persistence BharatMart needs, in domain types. Every backend (embedded PGlite, PostgreSQL,
 * Supabase, MySQL, Oracle) gives the same answers; the contract suite in @bharatmart/testkit is the
 * executable form of the promises below.
 *
 * Errors: a unique-key clash raises DomainError `CONFLICT`/`EMAIL_TAKEN`, a missing row for an update
 * `NOT_FOUND`; an unreachable backend raises AdapterError `UNAVAILABLE`. Methods that take `jobs`
 * write them to the transactional outbox in the same transaction as the change, so a job exists
 * exactly when its change committed.
 */
export interface IDatabaseAdapter extends AdapterLifecycle {
  readonly products: ProductRepository;
  readonly users: UserRepository;
  readonly orders: OrderRepository;
  readonly payments: PaymentRepository;
  readonly invoices: InvoiceRepository;
  readonly addresses: AddressRepository;
  readonly emails: EmailRepository;
  readonly outbox: OutboxRepository;
  readonly migrations: MigrationRunner;
}

/** Which database of a failover pair serves calls. */
export type DatabasePath = 'primary' | 'fallback';

/**
 * Capability sub-interface of a database that is a failover pair: it tells which of its two
 * databases serves calls now. Check for it with `reportsActivePath`.
 */
export interface ActivePathReporting {
  /** `primary` while the primary answers; `fallback` after it failed, until it answers again. */
  activePath(): DatabasePath;
}

/** True when `db` tells which database of a failover pair serves now (checked by its members). */
export function reportsActivePath(db: IDatabaseAdapter): db is IDatabaseAdapter & ActivePathReporting {
  return typeof (db as IDatabaseAdapter & Partial<ActivePathReporting>).activePath === 'function';
}

export interface ProductRepository {
  /** Inserts a product. A duplicate `sku` raises `CONFLICT`. */
  create(product: NewProduct): Promise<Product>;
  /** Applies `patch`; returns the new state, or `undefined` when no product has `id`. */
  update(id: string, patch: ProductPatch): Promise<Product | undefined>;
  get(id: string): Promise<Product | undefined>;
  /**
   * Products matching every given filter, ordered by name then id; `total` ignores limit/offset and
   * is exact up to `query.totalCap` (see `ProductPage.totalCapped`).
   */
  list(query: ProductQuery): Promise<ProductPage>;
  /** Number of products; used to decide whether to seed the demo catalog. */
  count(): Promise<number>;
}

export interface UserRepository {
  /**
   * Inserts a user, with the jobs `jobs(userId)` returns in the same transaction. An email already
   * used (case-insensitively) raises `EMAIL_TAKEN` and writes nothing.
   */
  create(
    user: { email: string; name: string; passwordHash: string; role: Role },
    jobs?: (userId: string) => PendingJob[],
  ): Promise<User>;
  get(id: string): Promise<User | undefined>;
  /** Case-insensitive lookup, with the password hash for verification. */
  findByEmail(email: string): Promise<UserWithCredentials | undefined>;
  /** Sets the role and password hash of the user with this email, creating the user if absent. */
  upsertAdmin(user: { email: string; name: string; passwordHash: string }): Promise<User>;
  /**
   * Replaces the password hash of user `id` with `to` only while it is still `from` (compare-and-set:
   * a hash changed meanwhile is never overwritten); returns whether it was replaced. Used to move a
   * hash to a stronger cost once a login has proved the password.
   */
  replacePasswordHash(id: string, change: { from: string; to: string }): Promise<boolean>;
}

export interface NewOrder {
  userId: string;
  items: { productId: string; quantity: number }[];
  /** When given, a second call with the same user and key returns the first order unchanged. */
  idempotencyKey?: string;
  /** Fingerprint of the request; a reused key with another fingerprint raises `IDEMPOTENCY_KEY_REUSED`. */
  requestHash?: string;
  /**
   * When given, the most orders with status `pending` the user may have once this one is placed.
   * The count is taken inside the creating transaction after that user's other creations have been
   * serialised, so concurrent calls never exceed it. A user already at the cap gets
   * `TOO_MANY_PENDING_ORDERS` (details `{ maxPendingOrders }`), and nothing is written.
   */
  maxPendingOrders?: number;
  /** Jobs to write to the outbox with the order; each may mention `{orderId}` in its payload and key. */
  jobs: (orderId: string) => PendingJob[];
  /** Where the order goes, already validated (validateShippingAddress); stored with the order. */
  shippingAddress?: ShippingAddress;
}

export interface OrderTransition {
  /** Only these current statuses allow the change; otherwise nothing changes. */
  from: OrderStatus[];
  to?: OrderStatus;
  /** Only these current payment statuses allow the change (any when omitted). */
  fromPayment?: PaymentStatus[];
  paymentStatus?: PaymentStatus;
  /** Give the reserved stock back (used on cancellation). */
  restock?: boolean;
  jobs?: PendingJob[];
}

export interface OrderRepository {
  /**
   * Atomically reserves stock for every item and records the order with prices and names read in
   * the same transaction. If any product lacks stock, raises `INSUFFICIENT_STOCK` (details list the
   * product ids) and takes nothing; an unknown product raises `NOT_FOUND`. Concurrent calls never
   * oversell. Returns `created: false` with the earlier order when the idempotency key was seen —
   * also when the user is at `maxPendingOrders`, which only ever refuses new orders.
   */
  create(order: NewOrder): Promise<{ order: Order; created: boolean }>;
  get(id: string): Promise<Order | undefined>;
  /** Orders newest first; only `userId`'s when given. */
  list(query: { userId?: string; limit: number; offset: number }): Promise<Page<Order>>;
  /**
   * Compare-and-set: applies the transition only if the order is currently in one of `from` (and
   * `fromPayment`), atomically with its restock and jobs. Returns the updated order, `undefined` when
   * the order does not exist, or `{ conflict: current }` when its state did not allow the change.
   */
  transition(id: string, change: OrderTransition): Promise<Order | { conflict: Order } | undefined>;
  /**
   * Orders still awaiting payment (status and payment status both `pending`) placed before
   * `createdBefore` (ISO-8601), oldest first, at most `limit`. Served by an index on (status,
   * created_at), so the cost follows the number of pending orders, not the size of the table.
   */
  awaitingPayment(query: { createdBefore: string; limit: number }): Promise<Order[]>;
  /**
   * Deletes at most `limit` order idempotency keys claimed before `createdBefore` (ISO-8601), oldest
   * first, and returns how many it deleted. A request repeating a deleted key creates a new order.
   */
  pruneIdempotencyKeys(query: { createdBefore: string; limit: number }): Promise<number>;
}

export interface PaymentRepository {
  /**
   * Records a gateway operation and applies `transition` to its order in one transaction. The
   * idempotency key is unique: recording it again returns the existing record with `created: false`
   * and leaves the order alone.
   */
  record(
    payment: Omit<PaymentRecord, 'id' | 'createdAt'>,
    transition?: OrderTransition,
  ): Promise<{ payment: PaymentRecord; created: boolean }>;
  findByKey(idempotencyKey: string): Promise<PaymentRecord | undefined>;
  listForOrder(orderId: string): Promise<PaymentRecord[]>;
}

/** An invoice to issue: the repository assigns its id and number. */
export type NewInvoice = Omit<Invoice, 'id' | 'number'> & {
  /** The series (`INV` by default), the number's first part: `<numberPrefix>/<year>/<sequence>`. */
  numberPrefix: string;
};

export interface InvoiceRepository {
  /**
   * Issues the invoice unless the order has one, and returns whichever is stored: a repeat for the
   * same order (a retried job) returns the first invoice unchanged. A new invoice takes the next
   * number of its financial year (`financialYearOf(issuedAt)`, formatted by `formatInvoiceNumber`)
   * from a per-year counter incremented in the same transaction as the insert, so concurrent
   * callers never share a number and a failed insert leaves no gap. A sequence too long for the
   * prefix's 16-character number throws InvoiceNumberOverflowError, and its increment is rolled back.
   */
  createOnce(invoice: NewInvoice): Promise<Invoice>;
  getByOrder(orderId: string): Promise<Invoice | undefined>;
}

/** Saved shipping addresses; every read and delete is scoped to one customer. */
export interface AddressRepository {
  /** Saves an address (already validated) for `userId` and returns it with its new id. */
  add(userId: string, address: ShippingAddress): Promise<SavedAddress>;
  /** The customer's addresses, oldest first; never another customer's. */
  list(userId: string): Promise<SavedAddress[]>;
  /** The address if it is this customer's, else undefined. */
  get(userId: string, id: string): Promise<SavedAddress | undefined>;
  /** Deletes the address if it is this customer's; true when it was deleted. */
  delete(userId: string, id: string): Promise<boolean>;
}

export interface EmailRepository {
  /** Records a sent email unless its `dedupeKey` is recorded; returns whether it was new. */
  record(email: Omit<EmailRecord, 'id' | 'sentAt'>): Promise<boolean>;
  findByDedupeKey(dedupeKey: string): Promise<EmailRecord | undefined>;
  /** Newest first, only those to `to` (case-insensitive) when given. */
  list(query: { to?: string; limit: number }): Promise<EmailRecord[]>;
}

/** A job written in the same transaction as the change that produced it. */
export interface OutboxEntry extends PendingJob {
  id: string;
  createdAt: string;
}

/**
 * The transactional outbox. A relay reads pending entries, enqueues them (the key is the job id, so
 * a repeat is harmless) and marks them dispatched; entries are never deleted before that.
 */
/** How far the relay is behind: entries written but not yet handed to the queue. */
export interface OutboxBacklog {
  /** Entries still pending. */
  pending: number;
  /** `createdAt` (ISO-8601) of the oldest pending entry; absent when none is pending. */
  oldestPendingAt?: string;
}

export interface OutboxRepository {
  /** Jobs written directly, outside another change (e.g. a retry requested by an admin). */
  add(jobs: PendingJob[]): Promise<void>;
  /** Up to `limit` entries not yet dispatched, oldest first. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** How many entries are pending and when the oldest was written, in one cheap read. */
  backlog(): Promise<OutboxBacklog>;
  markDispatched(ids: string[]): Promise<void>;
  /** Puts dispatched entries whose job has not completed back to pending (for non-durable queues). */
  requeueUnfinished(): Promise<number>;
  /** Marks the entry with this key finished; its job completed. */
  markCompleted(key: string): Promise<void>;
  /**
   * Deletes at most `limit` relayed entries created before `createdBefore` (ISO-8601), oldest first,
   * and returns how many it deleted: completed ones, and dispatched ones too when
   * `includeDispatched` (a durable queue owns a dispatched job). A pending entry is never deleted.
   * A job whose entry is deleted may be written again under the same key.
   */
  pruneRelayed(query: { createdBefore: string; limit: number; includeDispatched: boolean }): Promise<number>;
}

export interface MigrationStatus {
  name: string;
  appliedAt?: string;
}

/** One set of migration definitions, applied and tracked by every SQL backend in its own table. */
export interface MigrationRunner {
  /**
   * Applies pending migrations in order under a lock, so concurrent callers migrate once.
   * Returns the names applied by this call.
   */
  latest(): Promise<string[]>;
  /** Every known migration with when it was applied (absent = pending). */
  status(): Promise<MigrationStatus[]>;
  /**
   * The database's identity: a random id a migration wrote once into the database, so every
   * connection to the same database reads the same id and any other database another. Fails
   * before that migration is applied.
   */
  identity(): Promise<string>;
}
