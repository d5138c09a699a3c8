import type { SqlScenario } from '../support/sql-snapshot.js';
import { product, uniqueViolation, user } from './rows.js';

const newProduct = {
  sku: 'GROC-TEA-002',
  name: 'Assam Tea',
  description: '',
  price: 59_900,
  currency: 'INR' as const,
  stock: 10,
  category: 'grocery',
};

/** ProductRepository: every method, and the paths where the SQL differs. */
export const productScenarios: SqlScenario[] = [
  {
    title: 'products.create: one insert; an empty description is bound as "" (stored as NULL)',
    run: (db) => db.products.create(newProduct),
  },
  {
    title: 'products.create: a duplicate sku (ORA-00001) is CONFLICT',
    script: (oracle) => oracle.on(/^insert into "products"/, uniqueViolation('products_sku_unique')),
    run: (db) => db.products.create(newProduct),
  },
  {
    title: 'products.update: a conditional update by id, then the row read back',
    script: (oracle) => oracle.on(/^select \* from "products"/, { rows: [product('p-1')] }),
    run: (db) =>
      db.products.update('p-1', {
        name: 'Assam Tea 250 g',
        price: 61_900,
        stock: 0,
        hsnCode: '090240',
        gstRatePercent: 5,
      }),
  },
  {
    title: 'products.update: no row updated means no such product',
    script: (oracle) => oracle.on(/^update "products"/, { rowsAffected: 0 }),
    run: (db) => db.products.update('p-missing', { name: 'x' }),
  },
  {
    title: 'products.get: by primary key',
    script: (oracle) => oracle.on(/^select \* from "products"/, { rows: [product('p-1')] }),
    run: (db) => db.products.get('p-1'),
  },
  {
    title: 'products.list: every filter, a page with OFFSET … FETCH NEXT, and the total',
    script: (oracle) =>
      oracle
        .on(/^select \* from "products"/, { rows: [product('p-1'), product('p-2')] })
        .on(/^select count\(\*\)/, { rows: [{ total: 4 }] }),
    run: (db) =>
      db.products.list({
        search: '100%_Natural',
        category: 'grocery',
        minPrice: 100,
        maxPrice: 100_000,
        limit: 2,
        offset: 1,
      }),
  },
  {
    title: 'products.list: a search counted up to totalCap + 1 rows, more matching (totalCapped)',
    script: (oracle) =>
      oracle
        .on(/^select \* from "products"/, { rows: [product('p-1')] })
        .on(/^select count\(\*\)/, { rows: [{ total: 1001 }] }),
    run: (db) => db.products.list({ search: 'te', limit: 1, offset: 0, totalCap: 1_000 }),
  },
  {
    title:
      'products.list: a selective search (in fewer than 8 of the 256 probed rows) is looked up in the Oracle Text index of grams, then checked with LIKE',
    script: (oracle) =>
      oracle
        .on(/^select count\(\*\) "hits"/, { rows: [{ hits: 1 }] })
        .on(/^select \* from "products"/, { rows: [product('p-1')] })
        .on(/^select count\(\*\)/, { rows: [{ total: 1 }] }),
    run: (db) => db.products.list({ search: 'Chāy', limit: 20, offset: 0, totalCap: 1_000 }),
  },
  {
    title: 'products.list: a broad search (in 8 or more of the 256 probed rows) reads every row with LIKE',
    script: (oracle) =>
      oracle
        .on(/^select count\(\*\) "hits"/, { rows: [{ hits: 32 }] })
        .on(/^select \* from "products"/, { rows: [product('p-1')] })
        .on(/^select count\(\*\)/, { rows: [{ total: 1001 }] }),
    run: (db) => db.products.list({ search: 'tea', limit: 20, offset: 0, totalCap: 1_000 }),
  },
  {
    title:
      'products.list: a term holding a character beyond U+FFFF (whose CLOB grams are UTF-16 halves) reads every row with LIKE, unprobed',
    script: (oracle) => oracle.on(/^select count\(\*\)/, { rows: [{ total: 0 }] }),
    run: (db) => db.products.list({ search: 'chai 🍵', limit: 20, offset: 0, totalCap: 1_000 }),
  },
  {
    title: 'products.list: no filter',
    script: (oracle) => oracle.on(/^select count\(\*\)/, { rows: [{ total: 0 }] }),
    run: (db) => db.products.list({ limit: 20, offset: 0 }),
  },
  {
    title: 'products.count',
    script: (oracle) => oracle.on(/^select count\(\*\)/, { rows: [{ total: 12 }] }),
    run: (db) => db.products.count(),
  },
];

const newUser = { email: 'Asha@Example.in', name: 'Asha', passwordHash: 'hash', role: 'customer' as const };

/** UserRepository: every method, and the paths where the SQL differs. */
export const userScenarios: SqlScenario[] = [
  {
    title: 'users.create: the user and its welcome job in one transaction',
    run: (db) =>
      db.users.create(newUser, (userId) => [
        { name: 'email.welcome', payload: { userId }, key: `email.welcome@${userId}` },
      ]),
  },
  {
    title: 'users.create: a taken email (ORA-00001) is EMAIL_TAKEN and rolls back',
    script: (oracle) => oracle.on(/^insert into "users"/, uniqueViolation('users_email_unique')),
    run: (db) => db.users.create(newUser),
  },
  {
    title: 'users.get',
    script: (oracle) => oracle.on(/^select \* from "users"/, { rows: [user('u-1')] }),
    run: (db) => db.users.get('u-1'),
  },
  {
    title: 'users.findByEmail: by the lower-cased email',
    script: (oracle) => oracle.on(/^select \* from "users"/, { rows: [user('u-1')] }),
    run: (db) => db.users.findByEmail('ASHA@example.in'),
  },
  {
    title: 'users.upsertAdmin: an existing user is updated and read back',
    script: (oracle) => oracle.on(/^select \* from "users"/, { rows: [user('u-1')] }),
    run: (db) => db.users.upsertAdmin({ email: 'Admin@Example.in', name: 'Admin', passwordHash: 'h' }),
  },
  {
    title: 'users.upsertAdmin: an absent user is inserted',
    script: (oracle) => oracle.on(/^update "users"/, { rowsAffected: 0 }),
    run: (db) => db.users.upsertAdmin({ email: 'Admin@Example.in', name: 'Admin', passwordHash: 'h' }),
  },
  {
    title: 'users.replacePasswordHash: one update by id, only while the hash is the expected one',
    run: (db) => db.users.replacePasswordHash('u-1', { from: 'old-hash', to: 'new-hash' }),
  },
];
