import { describe, expect, it } from '@jest/globals';
import type { DatabaseFixtures } from './fixtures.js';

const ADDRESS = {
  name: 'Asha Rao',
  line1: '4 Residency Road',
  city: 'Chennai',
  stateCode: '33',
  pincode: '600001',
  phone: '+919876543210',
};

/** AddressRepository: saved addresses are scoped to their customer; orders keep their shipping address. */
export function describeAddressContract(fx: DatabaseFixtures): void {
  const { newProduct, newUser, tick } = fx;

  describe('addresses', () => {
    it('saves, lists oldest first, gets and deletes only the customer’s own addresses', async () => {
      const [asha, ravi] = [await newUser(), await newUser()];
      const first = await fx.db.addresses.add(asha.id, ADDRESS);
      expect(first).toEqual({
        ...ADDRESS,
        id: expect.any(String),
        userId: asha.id,
        createdAt: expect.any(String),
      });
      await tick();
      const second = await fx.db.addresses.add(asha.id, { ...ADDRESS, line2: 'Flat 2B', stateCode: '29' });
      const theirs = await fx.db.addresses.add(ravi.id, ADDRESS);

      await expect(fx.db.addresses.list(asha.id)).resolves.toEqual([first, second]);
      await expect(fx.db.addresses.list(ravi.id)).resolves.toEqual([theirs]);
      await expect(fx.db.addresses.get(asha.id, second.id)).resolves.toEqual(second);
      await expect(fx.db.addresses.get(ravi.id, second.id)).resolves.toBeUndefined();

      await expect(fx.db.addresses.delete(ravi.id, first.id)).resolves.toBe(false);
      await expect(fx.db.addresses.delete(asha.id, first.id)).resolves.toBe(true);
      await expect(fx.db.addresses.delete(asha.id, first.id)).resolves.toBe(false);
      await expect(fx.db.addresses.list(asha.id)).resolves.toEqual([second]);
    });

    it('stores an order’s shipping address with it, and none when none was given', async () => {
      const user = await newUser();
      const product = await newProduct({ hsnCode: '090240', gstRatePercent: 0.25 });
      expect(product).toMatchObject({ hsnCode: '090240', gstRatePercent: 0.25 });
      const shipped = await fx.db.orders.create({
        userId: user.id,
        items: [{ productId: product.id, quantity: 1 }],
        shippingAddress: { ...ADDRESS, line2: 'Near the park' },
        jobs: () => [],
      });
      expect(shipped.order.shippingAddress).toEqual({ ...ADDRESS, line2: 'Near the park' });
      await expect(fx.db.orders.get(shipped.order.id)).resolves.toEqual(shipped.order);
      const plain = await fx.db.orders.create({
        userId: user.id,
        items: [{ productId: product.id, quantity: 1 }],
        jobs: () => [],
      });
      expect(plain.order).not.toHaveProperty('shippingAddress');
      await expect(fx.db.orders.get(plain.order.id)).resolves.toEqual(plain.order);
    });

    it('gives a product created without tax data no HSN code and 18%, and updates both', async () => {
      const product = await newProduct();
      expect(product).toMatchObject({ hsnCode: '', gstRatePercent: 18 });
      const updated = await fx.db.products.update(product.id, { hsnCode: '71131910', gstRatePercent: 3 });
      expect(updated).toMatchObject({ hsnCode: '71131910', gstRatePercent: 3 });
      await expect(fx.db.products.get(product.id)).resolves.toEqual(updated);
    });
  });
}
