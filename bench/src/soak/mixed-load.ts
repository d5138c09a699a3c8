import { randomUUID } from 'node:crypto';
import { WORDS } from '../core/seed.js';
import { quantile } from '../core/stats.js';

/** A shop the load acts on: the catalog it reads and edits, the admin's token. */
export interface ShopFixture {
  baseUrl: string;
  productIds: string[];
  adminToken: string;
}

/** One kind of request in the mix and how often it is picked, relative to the others. */
interface Operation {
  name: string;
  weight: number;
  run(): Promise<Response>;
}

/** What the load did in one interval: counts, latencies (ms) of answered requests, failures by kind. */
export interface LoadInterval {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  /** e.g. `{ "POST /orders 500": 2, "GET /products/:id network": 1 }` */
  errorsByKind: Record<string, number>;
  /** Requests due that could not start because `maxInFlight` were already waiting. */
  shed: number;
  /** The answered requests of each kind (`GET /products/:id`, …): how many, p50 and p99 in ms. */
  byKind: Record<string, KindLatency>;
}

/** Latency of one kind of request over an interval, in ms. */
export interface KindLatency {
  requests: number;
  p50: number;
  p99: number;
}

/** Search terms: the catalog's words, their prefixes and 2-letter stems, so most searches miss the cache. */
function searchTerms(): string[] {
  const terms = new Set<string>();
  for (const word of WORDS) {
    for (let length = 2; length <= word.length; length++) terms.add(word.slice(0, length));
    for (let start = 1; start + 3 <= word.length; start++) terms.add(word.slice(start, start + 3));
  }
  return [...terms];
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/**
 * A fixed-rate mixed load on the shop's public API, open loop: `rate` requests a second are started
 * on schedule whether or not earlier ones answered (at most `maxInFlight` wait; beyond that a request
 * is shed and counted, so an overloaded shop shows up as shed requests, not as a slower client).
 * The mix: product reads, searches over many terms and pages, category pages, registrations, orders,
 * the customer's own orders, cancellations and admin price and stock edits. Any answer other than
 * the one the request expects is an error.
 */
export class MixedLoad {
  private readonly customers: string[] = [];
  private readonly cancellable: { token: string; orderId: string }[] = [];
  private readonly terms = searchTerms();
  private times: number[] = [];
  private timesByKind: Record<string, number[]> = {};
  private errorsByKind: Record<string, number> = {};
  private shed = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly shop: ShopFixture,
    private readonly rate: number,
    private readonly maxInFlight = 200,
  ) {}

  private readonly operations: Operation[] = [
    {
      name: 'GET /products/:id',
      weight: 45,
      run: () => this.get(`/api/v1/products/${pick(this.shop.productIds)}`),
    },
    {
      name: 'GET /products?search',
      weight: 20,
      run: () =>
        this.get(
          `/api/v1/products?search=${pick(this.terms)}&limit=20&offset=${20 * Math.floor(Math.random() * 5)}`,
        ),
    },
    {
      name: 'GET /products?category',
      weight: 5,
      run: () => this.get(`/api/v1/products?category=category-${Math.floor(Math.random() * 5)}&limit=20`),
    },
    // One request in about 500: each hash (scrypt at OWASP's cost) takes a core for the better part of
    // a second here, so at 1 in 100 registrations took ~40 % of the two cores and were the p99.
    { name: 'POST /auth/register', weight: 0.2, run: () => this.register() },
    { name: 'POST /orders', weight: 12, run: () => this.order() },
    { name: 'GET /orders', weight: 6, run: () => this.get('/api/v1/orders?limit=10', pick(this.customers)) },
    { name: 'POST /orders/:id/cancel', weight: 4, run: () => this.cancel() },
    { name: 'PATCH /products/:id', weight: 5, run: () => this.edit() },
  ];
  private readonly totalWeight = this.operations.reduce((sum, operation) => sum + operation.weight, 0);

  /** Registers `count` customers before the load starts, so orders have buyers from the first second. */
  async prepare(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const response = await this.register();
      if (response.status !== 201) throw new Error(`registering a customer answered ${response.status}`);
    }
  }

  /** Starts issuing requests; keeps going until `stop`. */
  start(): void {
    const started = performance.now();
    let issued = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * this.rate);
      for (; issued < due; issued++) this.issue();
    }, 10);
  }

  /** Stops issuing and waits for the requests in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.pending);
  }

  /** What happened since the last call, and starts a new interval. */
  takeInterval(): LoadInterval {
    const times = this.times.sort((a, b) => a - b);
    const errors = Object.values(this.errorsByKind).reduce((sum, n) => sum + n, 0);
    const byKind = Object.fromEntries(
      Object.entries(this.timesByKind).map(([kind, taken]) => {
        const sorted = taken.sort((a, b) => a - b);
        return [kind, { requests: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }];
      }),
    );
    const interval = {
      requests: times.length + errors,
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
      errors,
      errorsByKind: this.errorsByKind,
      shed: this.shed,
      byKind,
    };
    this.times = [];
    this.timesByKind = {};
    this.errorsByKind = {};
    this.shed = 0;
    return interval;
  }

  private issue(): void {
    if (this.inFlight >= this.maxInFlight) {
      this.shed++;
      return;
    }
    let roll = Math.random() * this.totalWeight;
    const operation =
      this.operations.find((candidate) => (roll -= candidate.weight) < 0) ?? this.operations[0];
    if (!operation) return;
    this.inFlight++;
    const begun = performance.now();
    const done = operation
      .run()
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) return this.fail(`${operation.name} ${response.status}`);
        const took = performance.now() - begun;
        this.times.push(took);
        (this.timesByKind[operation.name] ??= []).push(took);
      })
      .catch((error: unknown) =>
        this.fail(`${operation.name} ${error instanceof Error ? error.message : 'network'}`),
      )
      .finally(() => {
        this.inFlight--;
        this.pending.delete(done);
      });
    this.pending.add(done);
  }

  private fail(kind: string): void {
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
  }

  private get(path: string, token?: string): Promise<Response> {
    return fetch(this.shop.baseUrl + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  }

  private send(method: string, path: string, body: unknown, token?: string): Promise<Response> {
    return fetch(this.shop.baseUrl + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  private async register(): Promise<Response> {
    const response = await this.send('POST', '/api/v1/auth/register', {
      email: `soak-${randomUUID()}@bench.local`,
      password: 'soak test password',
      name: 'Soak',
    });
    if (response.status === 201) {
      const { token } = (await response.clone().json()) as { token: string };
      this.customers.push(token);
    }
    return response;
  }

  private async order(): Promise<Response> {
    const token = pick(this.customers);
    const response = await this.send(
      'POST',
      '/api/v1/orders',
      { items: [{ productId: pick(this.shop.productIds), quantity: 1 }] },
      token,
    );
    if (response.status === 201) {
      const { id } = (await response.clone().json()) as { id: string };
      if (this.cancellable.length < 10_000) this.cancellable.push({ token, orderId: id });
    }
    return response;
  }

  /** Cancels the oldest order not yet cancelled (paid by now, so it is refunded); reads when none. */
  private cancel(): Promise<Response> {
    const next = this.cancellable.shift();
    if (!next) return this.get(`/api/v1/products/${pick(this.shop.productIds)}`);
    return this.send('POST', `/api/v1/orders/${next.orderId}/cancel`, {}, next.token);
  }

  private edit(): Promise<Response> {
    return this.send(
      'PATCH',
      `/api/v1/products/${pick(this.shop.productIds)}`,
      { price: 10_000_000 + Math.floor(Math.random() * 1_000_000), stock: 5_000_000 },
      this.shop.adminToken,
    );
  }
}
