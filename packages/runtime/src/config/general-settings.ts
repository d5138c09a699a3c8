import { z } from 'zod';
import { gstinProblem, invoicePrefixProblem, isGstStateCode } from '@bharatmart/core';
import { OTLP_PROTOCOLS, TRACE_SAMPLERS } from '@bharatmart/telemetry';
import { flag, int, oneOf, text, textOr, variable } from '../backends/variable-kinds.js';

/**
 * The settings that belong to no backend, by the section of docs/configuration.md they appear in
 * (each port's section then lists its choice variable and its backends' variables). A new general
 * setting is one line here and its use in load-config.ts.
 */
export const GENERAL_SECTIONS = {
  process: {
    title: 'Process and HTTP',
    variables: {
      NODE_ENV: variable(
        oneOf(['development', 'production', 'test']),
        '`development`, `production` or `test`. In production, missing `JWT_SECRET` or `ADMIN_PASSWORD` stop startup, and so does a missing `PAYMENT_GATEWAY_API_KEY` in a process that runs payment jobs.',
      ),
      LOG_LEVEL: variable(
        oneOf(['info', 'debug', 'warn', 'error', 'fatal', 'trace', 'silent']),
        'pino level: info, debug, warn, error, fatal, trace, silent. A line per request from `debug` ("request completed"), two from `trace`; at info, `/metrics` counts and times requests',
      ),
      HOST: variable(textOr('0.0.0.0'), 'address the API listens on'),
      PORT: variable(int(3000, 0, 65535), 'port the API listens on (0 = any free port)'),
      TRUST_PROXY: variable(
        z.string().trim().default('false'),
        'trust X-Forwarded-* only from these proxies: `false`, `true`, or a comma-separated list of addresses/CIDRs',
      ),
      BODY_LIMIT_BYTES: variable(int(1_048_576, 1024, 104_857_600), 'larger request bodies get 413'),
      SHUTDOWN_TIMEOUT_MS: variable(
        int(25_000, 0, 600_000),
        'on SIGTERM/SIGINT, how long running jobs may take to finish before they are aborted',
      ),
      HEALTH_CHECK_INTERVAL_SECONDS: variable(
        int(5, 1, 3600),
        "how often a process checks its adapters (database, cache, secrets, queue); `/readyz`, `/metrics` and a worker's `/readyz` answer from the last check, never calling a backend per request; `/metrics` reads the queue's job counts at most this often",
      ),
      DEPLOYMENT_MODE: variable(
        oneOf(['single-vm', 'multi-tier', 'kubernetes']),
        '`single-vm`, `multi-tier`, `kubernetes`; informational, shown in the configuration block',
      ),
    },
  },
  tracing: {
    title: 'Tracing (OpenTelemetry)',
    variables: {
      OTEL_TRACES_EXPORTER: variable(
        z.enum(['otlp', 'none']).optional(),
        '`otlp` or `none`. Tracing is off unless this is `otlp` or an OTLP endpoint below is set (and this is not `none`); off, nothing of the OpenTelemetry SDK is loaded. On, spans of HTTP requests, database calls (and the pg, mysql2 and oracledb statements), cache and secrets calls, the outbox relay and every job are exported over OTLP/HTTP, and a job continues the trace of the request that wrote it',
      ),
      OTEL_SDK_DISABLED: variable(flag(false), '`true` turns tracing off whatever the other variables say'),
      OTEL_EXPORTER_OTLP_ENDPOINT: variable(
        z.url().optional(),
        'base URL of the OTLP/HTTP receiver (a collector); spans go to `<base>/v1/traces`. Default `http://localhost:4318`',
      ),
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: variable(
        z.url().optional(),
        'the full URL spans are posted to; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`',
      ),
      OTEL_EXPORTER_OTLP_PROTOCOL: variable(
        oneOf(OTLP_PROTOCOLS),
        '`http/protobuf` or `http/json` (gRPC is not supported)',
      ),
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: variable(
        z.enum(OTLP_PROTOCOLS).optional(),
        'the encoding of spans; wins over `OTEL_EXPORTER_OTLP_PROTOCOL`',
      ),
      OTEL_EXPORTER_OTLP_HEADERS: variable(
        text(),
        'headers sent with every export, `key=value` pairs separated by commas (values URL-encoded), e.g. an API key; never printed',
      ),
      OTEL_SERVICE_NAME: variable(
        text(),
        '`service.name` of the spans; default `bharatmart-api` for the API, `bharatmart-worker` for `pnpm start:worker`',
      ),
      OTEL_RESOURCE_ATTRIBUTES: variable(
        text(),
        'further resource attributes, `key=value` pairs separated by commas, e.g. `deployment.environment.name=production`',
      ),
      OTEL_TRACES_SAMPLER: variable(
        oneOf(TRACE_SAMPLERS),
        "`parentbased_always_on`, `parentbased_always_off`, `parentbased_traceidratio`, `always_on`, `always_off` or `traceidratio`; the `parentbased_` ones follow the caller's `traceparent`",
      ),
      OTEL_TRACES_SAMPLER_ARG: variable(
        z.coerce.number().min(0).max(1).default(1),
        'the ratio of traces the `traceidratio` samplers keep, 0–1',
      ),
    },
  },
  database: {
    title: 'Database',
    variables: {
      SEED_DEMO_DATA: variable(flag(true), 'on start, add the demo catalog when the database has no product'),
    },
  },
  worker: {
    title: 'Jobs',
    variables: {
      WORKER_CONCURRENCY: variable(int(5, 1, 256), 'handlers of one job type running at once per process'),
      WORKER_HEALTH_PORT: variable(
        int(0, 0, 65535),
        'a standalone worker (`pnpm start:worker`) serves `/healthz` (process alive), `/readyz` (consumer running, queue and database reachable) and `/metrics` (Prometheus) on this port, for systemd and Kubernetes probes and scrapes; `0` = off',
      ),
      SCHEDULE_INTERVAL_SECONDS: variable(
        int(60, 1, 3600),
        'length of one slot of the scheduled jobs (order expiry, payment verification sweep, pruning): each runs once per slot across all processes ([workers.md](workers.md#scheduled-jobs))',
      ),
      OUTBOX_RETENTION_DAYS: variable(
        int(7, 1, 3650),
        "days a relayed outbox entry (each scheduled slot's included) is kept after it was written; the scheduled `order.prune-records` job then deletes it. A pending entry is never deleted; with a non-durable queue (`in-process`) only completed entries are, since dispatched ones are re-dispatched at the next start ([databases.md](databases.md#retention))",
      ),
      IDEMPOTENCY_KEY_RETENTION_HOURS: variable(
        int(24, 1, 87_600),
        "hours an order's `Idempotency-Key` is remembered; a retry with the key after that places a new order ([databases.md](databases.md#retention))",
      ),
    },
  },
  cache: {
    title: 'Cache',
    variables: {
      CACHE_DEFAULT_TTL_SECONDS: variable(
        int(300, 1, 86_400),
        'how long a product read stays cached; API changes invalidate it at once',
      ),
      CACHE_LIST_TTL_SECONDS: variable(
        int(30, 1, 86_400),
        'how long a product listing stays cached; stock shown in listings may lag by at most this',
      ),
    },
  },
  secrets: {
    title: 'Secrets',
    variables: {
      SECRETS_CACHE_TTL_SECONDS: variable(
        int(300, 1, 86_400),
        'secrets are cached this long and refreshed in the background, so a rotated value is used without a restart',
      ),
    },
  },
  auth: {
    title: 'Auth, orders and payments',
    variables: {
      ADMIN_EMAIL: variable(
        text(),
        'email of the bootstrap admin (default `admin@bharatmart.local`); when the secrets provider also holds `ADMIN_EMAIL`, its value wins (a differing variable is logged as overridden). Startup logs which admin it bootstrapped',
      ),
      JWT_ISSUER: variable(textOr('bharatmart'), '`iss` of issued tokens; others are rejected'),
      JWT_AUDIENCE: variable(textOr('bharatmart-api'), '`aud` of issued tokens; others are rejected'),
      JWT_TTL_SECONDS: variable(int(3600, 60, 2_592_000), 'token lifetime'),
      AUTH_RATE_LIMIT_MAX: variable(
        int(10, 1, 100_000),
        'register/login requests per client address per window; then 429 with Retry-After',
      ),
      AUTH_RATE_LIMIT_WINDOW_SECONDS: variable(int(60, 1, 86_400), 'the rate-limit window'),
      PAYMENT_VERIFY_DELAY_SECONDS: variable(
        int(600, 1, 86_400),
        'an order still unpaid this long after it was placed is checked with the gateway once (the verification sweep)',
      ),
      ORDER_PAYMENT_TIMEOUT_MINUTES: variable(
        int(30, 1, 10_080),
        'an order still unpaid this long after it was placed is cancelled and its stock returned (the expiry schedule)',
      ),
      ORDER_MAX_QUANTITY_PER_ITEM: variable(int(10, 1, 10_000), 'largest quantity of one product per order'),
      ORDER_MAX_ITEMS: variable(int(20, 1, 500), 'most distinct products per order'),
      ORDER_MAX_PENDING_PER_CUSTOMER: variable(
        int(10, 0, 1_000_000),
        'most unpaid (`pending`) orders one customer may hold; one more is refused with 409 `TOO_MANY_PENDING_ORDERS` and reserves nothing, so with `ORDER_MAX_QUANTITY_PER_ITEM` it bounds the stock of a product one customer can hold without paying. `0` = no cap (benchmarks with `WORKER_MODE=none`, where orders never get paid)',
      ),
      LOW_STOCK_THRESHOLD: variable(
        int(5, 0, 1_000_000),
        'an order leaving a product at or below this stock emails the admin',
      ),
      MAX_PAGE_SIZE: variable(int(100, 1, 1000), 'largest page of any listing'),
    },
  },
  payments: { title: 'Payments', variables: {} },
  email: { title: 'Email', variables: {} },
  invoices: {
    title: 'GST invoices',
    variables: {
      STORE_LEGAL_NAME: variable(
        z.string().trim().min(1).max(200).optional(),
        "the seller's legal name on tax invoices. `STORE_LEGAL_NAME`, `STORE_GSTIN` and `STORE_ADDRESS` are set together; without them invoices name a demo seller (`29AABCB1234F1Z4`, Karnataka), and production refuses to start ([invoices.md](invoices.md))",
      ),
      STORE_GSTIN: variable(
        z
          .string()
          .trim()
          .superRefine((value, ctx) => {
            const problem = gstinProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .optional(),
        "the seller's GSTIN (15 characters, capitals), checked for its format, state code and check character at startup; its first two digits are the store's state",
      ),
      STORE_STATE_CODE: variable(
        z.string().trim().refine(isGstStateCode, 'must be a GST state code, 01–38, 97 or 99').optional(),
        "the GST state code of the store (`29` = Karnataka); defaults to the GSTIN's first two digits and must equal them. An order shipped elsewhere is an inter-state supply (IGST), one shipped within or without an address an intra-state supply (CGST + SGST)",
      ),
      STORE_ADDRESS: variable(
        z.string().trim().min(1).max(300).optional(),
        "the seller's address as printed on tax invoices, one line",
      ),
      INVOICE_NUMBER_PREFIX: variable(
        z
          .string()
          .trim()
          .superRefine((value, ctx) => {
            const problem = invoicePrefixProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .default('INV'),
        'the invoice series, 1–6 letters, digits, `-` or `/`: numbers read `<prefix>/<financial year>/<sequence>`, e.g. `INV/26-27/000001`, 16 characters at most (GST rule 46(b)), the sequence zero-padded to 9 − prefix length digits (6 for `INV`: 999,999 invoices a year; past that, invoice jobs of the year fail until a shorter prefix leaves more digits). One gap-free sequence per financial year (April–March, India time) whatever the prefix ([invoices.md](invoices.md#numbers))',
      ),
    },
  },
};

/**
 * Secrets that belong to no backend, read by name through SECRETS_PROVIDER (backends declare their
 * own in their descriptors). Their values never appear in the configuration printout, logs or errors.
 */
export const GENERAL_SECRETS = {
  jwtSecret: {
    name: 'JWT_SECRET',
    doc: 'HS256 signing key, at least 32 bytes. Outside production a missing one is replaced by a random per-process key (tokens do not survive a restart).',
  },
  adminPassword: {
    name: 'ADMIN_PASSWORD',
    doc: 'password of the bootstrap admin, at least 8 characters; without it no admin is created (outside production)',
  },
  paymentGatewayApiKey: {
    name: 'PAYMENT_GATEWAY_API_KEY',
    doc: "the payment gateway's API key, read once at startup by processes that run payment jobs; the simulated gateway signs every reference with it and refuses refunds of charges signed with another key. Required there in production; elsewhere a missing one is replaced by a public development key, with a warning",
  },
} as const;
