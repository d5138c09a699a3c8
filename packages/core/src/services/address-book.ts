import { DomainError } from '../errors.js';
import { validateShippingAddress, type SavedAddress, type ShippingAddress } from '../domain/gst/address.js';
import type { Viewer } from '../domain/types.js';
import type { IDatabaseAdapter } from '../ports/database.js';

/** The most addresses one customer may save, so a listing stays small. */
export const MAX_SAVED_ADDRESSES = 20;

/** A customer's saved shipping addresses; everyone, admins included, sees only their own. */
export class AddressBook {
  constructor(private readonly db: IDatabaseAdapter) {}

  /** The viewer's addresses, oldest first. */
  list(viewer: Viewer): Promise<SavedAddress[]> {
    return this.db.addresses.list(viewer.id);
  }

  /**
   * Saves a validated address (validateShippingAddress: VALIDATION_FAILED otherwise); CONFLICT when
   * the viewer already has MAX_SAVED_ADDRESSES.
   */
  async add(viewer: Viewer, address: ShippingAddress): Promise<SavedAddress> {
    const valid = validateShippingAddress(address);
    if ((await this.db.addresses.list(viewer.id)).length >= MAX_SAVED_ADDRESSES) {
      throw new DomainError(
        'CONFLICT',
        `you already have ${MAX_SAVED_ADDRESSES} saved addresses; delete one first`,
        {
          maxSavedAddresses: MAX_SAVED_ADDRESSES,
        },
      );
    }
    return this.db.addresses.add(viewer.id, valid);
  }

  /** One of the viewer's addresses; NOT_FOUND for another customer's (never revealed). */
  async get(viewer: Viewer, id: string): Promise<SavedAddress> {
    const address = await this.db.addresses.get(viewer.id, id);
    if (!address) throw new DomainError('NOT_FOUND', `Address ${id} not found`);
    return address;
  }

  /** Deletes one of the viewer's addresses; NOT_FOUND for another customer's. */
  async delete(viewer: Viewer, id: string): Promise<void> {
    if (!(await this.db.addresses.delete(viewer.id, id))) {
      throw new DomainError('NOT_FOUND', `Address ${id} not found`);
    }
  }
}
