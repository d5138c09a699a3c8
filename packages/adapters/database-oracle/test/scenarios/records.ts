import type { SqlScenario } from '../support/sql-snapshot.js';
import type { RecordingOracle } from '../support/recording-oracle.js';
import { address, email, invoice, order, outboxRow, payment, uniqueViolation } from './rows.js';

const charge = {
  orderId: 'order-1',
  kind: 'charge' as const,
  amount: 119_800,
  currency: 'INR' as const,
  status: 'succeeded' as const,
  gatewayReference: 'ch_1',
  idempotencyKey: 'charge:order-1',
};

/** The id bound by the last insert into `table`: what a read-back finds when that insert won. */
const insertedId = (oracle: RecordingOracle, table: string) =>
  String(oracle.bindsOfLast(new RegExp(`^insert into "${table}"`))[0]);

/** PaymentRepository: every method, and the paths where the SQL differs. */
export const paymentScenarios: SqlScenario[] = [
  {
    title: 'payments.record: insert, read back by key, and the order transition, in one transaction',
    script: (oracle) =>
      oracle
        .on(/^select \* from "payments"/, () => ({ rows: [payment(insertedId(oracle, 'payments'))] }))
        .on(/^select \* from "orders"/, {
          rows: [order('order-1', { status: 'confirmed', payment_status: 'paid' })],
        }),
    run: (db) =>
      db.payments.record(charge, {
        from: ['pending'],
        to: 'confirmed',
        paymentStatus: 'paid',
        jobs: [{ name: 'order.invoice', payload: { orderId: 'order-1' }, key: 'order.invoice@order-1' }],
      }),
  },
  {
    title:
      'payments.record: a recorded key (ORA-00001 on the insert, the key found stored) is skipped; the transaction goes on',
    script: (oracle) =>
      oracle
        .on(/^insert into "payments"/, uniqueViolation('payments_key_unique'))
        .on(/^select "idempotency_key" from "payments"/, { rows: [{ idempotency_key: 'charge:order-1' }] })
        .on(/^select \* from "payments"/, { rows: [payment('pay-earlier')] }),
    run: (db) => db.payments.record(charge, { from: ['pending'], to: 'confirmed', paymentStatus: 'paid' }),
  },
  {
    title: 'payments.findByKey',
    script: (oracle) => oracle.on(/^select \* from "payments"/, { rows: [payment('pay-1')] }),
    run: (db) => db.payments.findByKey('charge:order-1'),
  },
  {
    title: 'payments.listForOrder',
    script: (oracle) => oracle.on(/^select \* from "payments"/, { rows: [payment('pay-1')] }),
    run: (db) => db.payments.listForOrder('order-1'),
  },
];

const newInvoice = {
  orderId: 'order-1',
  userId: 'user-1',
  lines: [{ sku: 'SKU-1', name: 'Tea', quantity: 2, unitPrice: 59_900, lineTotal: 119_800 }],
  total: 119_800,
  currency: 'INR' as const,
  issuedAt: '2025-01-02T00:00:00.000Z',
  numberPrefix: 'BM-KA',
  gst: null,
};

/** InvoiceRepository: every method, and the paths where the SQL differs. */
export const invoiceScenarios: SqlScenario[] = [
  {
    title:
      "invoices.createOnce: a new invoice takes the financial year's counter (row kept, ORA-00001 skipped), checks again and inserts, in one transaction",
    script: (oracle) =>
      oracle
        .on(/^insert into "invoice_sequences"/, uniqueViolation('invoice_sequences_pkey'))
        .on(/^select "financial_year" from "invoice_sequences"/, { rows: [{ financial_year: '2024-25' }] })
        .on(/^select "last_number" from "invoice_sequences"/, { rows: [{ last_number: 7 }] }),
    run: (db) => db.invoices.createOnce(newInvoice),
  },
  {
    title: 'invoices.createOnce: the order has one: it is returned, no number taken',
    script: (oracle) => oracle.on(/^select \* from "invoices"/, { rows: [invoice('inv-earlier')] }),
    run: (db) => db.invoices.createOnce(newInvoice),
  },
  {
    title:
      'invoices.createOnce: the order got one while waiting for the counter: rolled back, the stored one returned',
    script: (oracle) =>
      oracle.on(/^select \* from "invoices"/, { rows: [] }, { rows: [invoice('inv-earlier')] }),
    run: (db) => db.invoices.createOnce(newInvoice),
  },
  {
    title: 'invoices.getByOrder',
    script: (oracle) => oracle.on(/^select \* from "invoices"/, { rows: [invoice('inv-1')] }),
    run: (db) => db.invoices.getByOrder('order-1'),
  },
];

const shippingAddress = {
  name: 'Asha',
  line1: '4 Residency Road',
  line2: 'Flat 2B',
  city: 'Chennai',
  stateCode: '33',
  pincode: '600001',
  phone: '9876543210',
};

/** AddressRepository: every method; each statement is scoped to the customer. */
export const addressScenarios: SqlScenario[] = [
  { title: 'addresses.add', run: (db) => db.addresses.add('user-1', shippingAddress) },
  {
    title: 'addresses.list: oldest first',
    script: (oracle) => oracle.on(/^select \* from "customer_addresses"/, { rows: [address('addr-1')] }),
    run: (db) => db.addresses.list('user-1'),
  },
  {
    title: 'addresses.get',
    script: (oracle) => oracle.on(/^select \* from "customer_addresses"/, { rows: [address('addr-1')] }),
    run: (db) => db.addresses.get('user-1', 'addr-1'),
  },
  {
    title: 'addresses.delete',
    script: (oracle) => oracle.on(/^delete from "customer_addresses"/, { rowsAffected: 1 }),
    run: (db) => db.addresses.delete('user-1', 'addr-1'),
  },
];

const welcome = {
  to: 'asha@example.in',
  subject: 'Welcome to BharatMart',
  body: 'Namaste Asha',
  template: 'welcome',
  dedupeKey: 'welcome:user-1',
  transport: 'log',
};

/** EmailRepository: every method, and the paths where the SQL differs. */
export const emailScenarios: SqlScenario[] = [
  {
    title: 'emails.record: insert, then read back by dedupe key to learn whether it was new',
    script: (oracle) =>
      oracle.on(/^select \* from "emails"/, () => ({ rows: [email(insertedId(oracle, 'emails'))] })),
    run: (db) => db.emails.record(welcome),
  },
  {
    title: 'emails.findByDedupeKey',
    script: (oracle) => oracle.on(/^select \* from "emails"/, { rows: [email('mail-1')] }),
    run: (db) => db.emails.findByDedupeKey('welcome:user-1'),
  },
  {
    title: 'emails.list: to one recipient, case-insensitively, newest first, by FETCH NEXT',
    script: (oracle) => oracle.on(/^select \* from "emails"/, { rows: [email('mail-1')] }),
    run: (db) => db.emails.list({ to: 'Asha@Example.in', limit: 20 }),
  },
];

/** OutboxRepository: every method. */
export const outboxScenarios: SqlScenario[] = [
  {
    title: 'outbox.add: one insert per job; a key already there (ORA-00001) is skipped',
    script: (oracle) =>
      oracle
        .on(/^insert into "outbox"/, { rowsAffected: 1 }, uniqueViolation('outbox_key_unique'))
        .on(/^select "job_key" from "outbox"/, { rows: [{ job_key: 'order.invoice@order-2' }] }),
    run: (db) =>
      db.outbox.add([
        { name: 'order.invoice', payload: { orderId: 'order-1' }, key: 'order.invoice@order-1' },
        {
          name: 'order.invoice',
          payload: { orderId: 'order-2' },
          key: 'order.invoice@order-2',
          delayMs: 60_000,
        },
      ]),
  },
  {
    title: 'outbox.pending: the oldest pending entries, by FETCH NEXT',
    script: (oracle) =>
      oracle.on(/^select \* from "outbox"/, { rows: [outboxRow('box-1', 'order.invoice@order-1')] }),
    run: (db) => db.outbox.pending(100),
  },
  {
    title: 'outbox.backlog: the pending count and the oldest pending time, in one aggregate',
    script: (oracle) =>
      oracle.on(/^select count\(\*\)/, { rows: [{ pending: 2, oldest: '2025-06-01T00:00:00.000Z' }] }),
    run: (db) => db.outbox.backlog(),
  },
  {
    title: 'outbox.markDispatched: only entries still pending',
    run: (db) => db.outbox.markDispatched(['box-1', 'box-2']),
  },
  {
    title: 'outbox.requeueUnfinished',
    script: (oracle) => oracle.on(/^update "outbox"/, { rowsAffected: 3 }),
    run: (db) => db.outbox.requeueUnfinished(),
  },
  {
    title:
      'outbox.pruneRelayed: the oldest relayed entries before a time, by FETCH NEXT, then a delete by id',
    script: (oracle) => oracle.on(/^select "id" from "outbox"/, { rows: [{ id: 'box-1' }, { id: 'box-2' }] }),
    run: (db) =>
      db.outbox.pruneRelayed({
        createdBefore: '2025-06-01T00:00:00.000Z',
        limit: 500,
        includeDispatched: true,
      }),
  },
  {
    title: 'outbox.markCompleted',
    run: (db) => db.outbox.markCompleted('order.invoice@order-1'),
  },
];
