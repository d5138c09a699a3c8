import { DomainError } from '../errors.js';
import type { NewProduct, Page, Product, ProductPatch, ProductQuery } from '../domain/types.js';
import type { IDatabaseAdapter } from '../ports/database.js';
import type { ReadThroughCache } from './resilient-cache.js';
import type { StoreSettings } from './store-settings.js';

const ITEM_PREFIX = 'products:item:';
const LIST_PREFIX = 'products:list:';

/** Browsing and managing the catalog; reads go through the cache, writes invalidate it. */
export class CatalogService {
  constructor(
    private readonly db: IDatabaseAdapter,
    private readonly cache: ReadThroughCache,
    private readonly settings: StoreSettings,
  ) {}

  /** A page of products matching the query; the page size is capped at `maxPageSize`. */
  async list(query: ProductQuery): Promise<Page<Product>> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw new DomainError('VALIDATION_FAILED', 'minPrice must not exceed maxPrice', [
        { field: 'minPrice', message: 'must be less than or equal to maxPrice' },
      ]);
    }
    const bounded = { ...query, limit: Math.min(query.limit, this.settings.maxPageSize) };
    const key = LIST_PREFIX + JSON.stringify(bounded, Object.keys(bounded).sort());
    return this.cache.getOrCompute(
      key,
      () => this.db.products.list(bounded),
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

  /** Adds a product; a duplicate sku is a CONFLICT. */
  async create(input: NewProduct): Promise<Product> {
    const product = await this.db.products.create(input);
    await this.cache.invalidate([], [LIST_PREFIX]);
    return product;
  }

  /** Changes a product and drops every cached read of it. */
  async update(id: string, patch: ProductPatch): Promise<Product> {
    const product = await this.db.products.update(id, patch);
    if (!product) throw new DomainError('NOT_FOUND', `Product ${id} not found`);
    await this.cache.invalidate([ITEM_PREFIX + id], [LIST_PREFIX]);
    return product;
  }

  /** Drops cached reads of products whose stock changed; listings catch up within their TTL. */
  async stockChanged(productIds: string[]): Promise<void> {
    await this.cache.invalidate(productIds.map((id) => ITEM_PREFIX + id));
  }
}
