import { DomainError } from '../errors.js';
import { GST_RATES_PERCENT, HSN_CODE_PATTERN, isGstRate } from '../domain/gst/gst-rates.js';
import {
  PRODUCT_TOTAL_CAP,
  type NewProduct,
  type Product,
  type ProductPage,
  type ProductPatch,
  type ProductQuery,
} from '../domain/types.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { ReadThroughCache } from './resilient-cache.js';
import type { StoreSettings } from './store-settings.js';

const ITEM_PREFIX = 'products:item:';
const LIST_PREFIX = 'products:list:';
/** Rendered products: their own key, so a rendered text and a cached object never meet. */
const ITEM_JSON_PREFIX = 'products:item-json:';
/** Rendered pages: under LIST_PREFIX, so dropping the listings drops them too. */
const LIST_JSON_PREFIX = `${LIST_PREFIX}json:`;

/**
 * Renders a value as the JSON text a client receives, e.g. the HTTP route's response serialiser.
 * Text cached from it is served as it is, so every caller must pass the same renderer for a kind of
 * value (one per process: the API's response schema).
 */
export type JsonRenderer<T> = (value: T) => string;

/** Browsing and managing the catalog; reads go through the cache, writes invalidate it. */
export class CatalogService {
  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly cache: ReadThroughCache,
    private readonly settings: StoreSettings,
  ) {}

  /**
   * A page of products matching the query; the page size is capped at `maxPageSize`, and `total`
   * counts at most PRODUCT_TOTAL_CAP matches (`totalCapped` tells when more match).
   */
  async list(query: ProductQuery): Promise<ProductPage> {
    const bounded = this.#bounded(query);
    return this.cache.getOrCompute(
      LIST_PREFIX + listKey(bounded),
      () => this.db.products.list(bounded),
      this.settings.listCacheTtlSeconds,
    );
  }

  /**
   * `list` as JSON text rendered by `render`. The text is what is cached, so a hit is returned
   * without parsing or serialising anything: the hot path of the public catalog API.
   */
  async listJson(query: ProductQuery, render: JsonRenderer<ProductPage>): Promise<string> {
    const bounded = this.#bounded(query);
    return this.cache.getOrCompute(
      LIST_JSON_PREFIX + listKey(bounded),
      async () => render(await this.db.products.list(bounded)),
      this.settings.listCacheTtlSeconds,
    );
  }

  /** The product, or NOT_FOUND. */
  async get(id: string): Promise<Product> {
    const product = await this.cache.getOrCompute(
      ITEM_PREFIX + id,
      async () => (await this.db.products.get(id)) ?? null,
      this.settings.productCacheTtlSeconds,
    );
    if (!product) throw new DomainError('NOT_FOUND', `Product ${id} not found`);
    return product;
  }

  /** `get` as JSON text rendered by `render`, cached as text like `listJson`; NOT_FOUND likewise. */
  async getJson(id: string, render: JsonRenderer<Product>): Promise<string> {
    const json = await this.cache.getOrCompute(
      ITEM_JSON_PREFIX + id,
      async () => {
        const product = await this.db.products.get(id);
        return product ? render(product) : null;
      },
      this.settings.productCacheTtlSeconds,
    );
    if (json === null) throw new DomainError('NOT_FOUND', `Product ${id} not found`);
    return json;
  }

  /** Adds a product; a duplicate sku is a CONFLICT, a bad HSN code or GST rate VALIDATION_FAILED. */
  async create(input: NewProduct): Promise<Product> {
    validateTaxData(input);
    const product = await this.db.products.create(input);
    await this.cache.invalidate([], [LIST_PREFIX]);
    return product;
  }

  /** Changes a product and drops every cached read of it. */
  async update(id: string, patch: ProductPatch): Promise<Product> {
    validateTaxData(patch);
    const product = await this.db.products.update(id, patch);
    if (!product) throw new DomainError('NOT_FOUND', `Product ${id} not found`);
    await this.cache.invalidate(itemKeys([id]), [LIST_PREFIX]);
    return product;
  }

  /** Drops cached reads of products whose stock changed; listings catch up within their TTL. */
  async stockChanged(productIds: string[]): Promise<void> {
    await this.cache.invalidate(itemKeys(productIds));
  }

  #bounded(query: ProductQuery): ProductQuery {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw new DomainError('VALIDATION_FAILED', 'minPrice must not exceed maxPrice', [
        { field: 'minPrice', message: 'must be less than or equal to maxPrice' },
      ]);
    }
    return { ...query, limit: Math.min(query.limit, this.settings.maxPageSize), totalCap: PRODUCT_TOTAL_CAP };
  }
}

/** Refuses an HSN code that is not 4, 6 or 8 digits (or empty) and a rate not in GST_RATES_PERCENT. */
function validateTaxData(input: { hsnCode?: string | undefined; gstRatePercent?: number | undefined }): void {
  const problems: { field: string; message: string }[] = [];
  if (input.hsnCode !== undefined && !new RegExp(HSN_CODE_PATTERN).test(input.hsnCode)) {
    problems.push({ field: 'hsnCode', message: 'must be 4, 6 or 8 digits, or empty' });
  }
  if (input.gstRatePercent !== undefined && !isGstRate(input.gstRatePercent)) {
    problems.push({ field: 'gstRatePercent', message: `must be one of ${GST_RATES_PERCENT.join(', ')}` });
  }
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The tax data is not valid', problems);
}

/** The cache key part of a listing: the query's fields in a fixed order. */
function listKey(query: ProductQuery): string {
  return JSON.stringify(query, Object.keys(query).sort());
}

/** Every cached read of these products: as objects and as rendered text. */
function itemKeys(productIds: string[]): string[] {
  return productIds.flatMap((id) => [ITEM_PREFIX + id, ITEM_JSON_PREFIX + id]);
}
