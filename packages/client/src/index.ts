import createFetchClient from 'openapi-fetch';
import type { Client, ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** A product of the catalog. */
export type Product = components['schemas']['Product'];
/** An order with its items. */
export type Order = components['schemas']['Order'];
/** A user as the API shows them. */
export type User = components['schemas']['User'];
/** The invoice of an order. */
export type Invoice = components['schemas']['Invoice'];
/** An order as placing it answers: with PAYMENT_PROVIDER=razorpay it carries its `checkout`. */
export type PlacedOrder = components['schemas']['PlacedOrder'];
/** What Razorpay's checkout is opened with to pay an order. */
export type CheckoutSession = components['schemas']['CheckoutSession'];
/** A saved shipping address of the caller. */
export type SavedAddress = components['schemas']['SavedAddress'];
/** The body of every error response: `error.code` is stable, `error.message` is for people. */
export type ApiError = components['schemas']['Error'];

/** A typed client of the BharatMart API: `client.GET('/api/v1/products', { params: { query } })`. */
export type BharatMartClient = Client<paths>;

/** Where the API is and who calls it, plus any option of openapi-fetch (a custom `fetch`, headers). */
export interface BharatMartClientOptions extends ClientOptions {
  /** Where the API is served, e.g. `https://shop.example.in`; the document's paths are appended. */
  baseUrl: string;
  /** A bearer token sent with every request (from `POST /api/v1/auth/login` or `/register`). */
  token?: string;
}

/**
 * A client whose paths, parameters, bodies and responses are typed from the OpenAPI document
 * (openapi-fetch over src/schema.ts): a call the contract does not allow fails to type-check, and
 * each response is `{ data }` on success or `{ error }` (the API's error body) otherwise. With
 * `token`, every request carries `Authorization: Bearer <token>`.
 */
export function createBharatMartClient(options: BharatMartClientOptions): BharatMartClient {
  const { token, headers, ...rest } = options;
  return createFetchClient<paths>({
    ...rest,
    headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` },
  });
}
