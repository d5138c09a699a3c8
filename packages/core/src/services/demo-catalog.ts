import { STANDARD_GST_RATE_PERCENT, type NewProduct } from '../domain/types.js';
import type { IDatabaseAdapter } from '../ports/database.js';

type DemoProduct = [
  sku: string,
  name: string,
  category: string,
  rupees: number,
  stock: number,
  description: string,
];

/**
 * HSN code (6 digits) and GST rate of each demo product, at the rates in force since 22 September
 * 2025: apparel and footwear up to ₹2,500 5%, kitchenware and packaged staples 5%, consumer
 * electronics 18%, printed books nil.
 */
const TAX: Record<string, [hsnCode: string, gstRatePercent: number]> = {
  'ELEC-PHONE-001': ['851713', 18],
  'ELEC-EARB-002': ['851830', 18],
  'ELEC-TV-003': ['852872', 18],
  'ELEC-WATCH-004': ['851762', 18],
  'ELEC-PB-005': ['850760', 18],
  'FASH-KURTA-001': ['620442', 5],
  'FASH-SAREE-002': ['500720', 5],
  'FASH-JUTTI-003': ['640399', 5],
  'FASH-DUPAT-004': ['621490', 5],
  'FASH-SHIRT-005': ['620520', 5],
  'HOME-TAWA-001': ['761510', 5],
  'HOME-COOKER-002': ['761510', 5],
  'HOME-MIXER-003': ['850940', 18],
  'HOME-DABBA-004': ['732393', 5],
  'HOME-DHURRIE-005': ['570500', 5],
  'GROC-RICE-001': ['100630', 5],
  'GROC-TEA-002': ['090240', 5],
  'GROC-GHEE-003': ['040590', 5],
  'GROC-ATTA-004': ['110100', 5],
  'GROC-DAL-005': ['071360', 5],
  'BOOK-GITA-001': ['490199', 0],
  'BOOK-MALGUDI-002': ['490199', 0],
  'BOOK-WINGS-003': ['490199', 0],
  'BOOK-GODAAN-004': ['490199', 0],
};

const DEMO: DemoProduct[] = [
  [
    'ELEC-PHONE-001',
    'Redmi Note 13 Pro 5G',
    'electronics',
    23999,
    40,
    '8 GB RAM, 256 GB storage, 200 MP camera',
  ],
  [
    'ELEC-EARB-002',
    'boAt Airdopes 141',
    'electronics',
    1299,
    120,
    'True wireless earbuds with 42 hours playback',
  ],
  ['ELEC-TV-003', 'Mi 43-inch 4K Smart TV', 'electronics', 27999, 15, 'Ultra HD Android TV with Dolby Audio'],
  [
    'ELEC-WATCH-004',
    'Noise ColorFit Pro 5',
    'electronics',
    3499,
    60,
    'AMOLED smartwatch with Bluetooth calling',
  ],
  [
    'ELEC-PB-005',
    'Ambrane 20000 mAh Power Bank',
    'electronics',
    1499,
    80,
    '22.5 W fast charging, dual output',
  ],
  ['FASH-KURTA-001', 'Cotton Kurta Set', 'fashion', 1899, 50, 'Handblock printed cotton kurta with pyjama'],
  ['FASH-SAREE-002', 'Banarasi Silk Saree', 'fashion', 5499, 20, 'Pure silk saree with zari border'],
  ['FASH-JUTTI-003', 'Punjabi Jutti', 'fashion', 999, 70, 'Handcrafted leather jutti with embroidery'],
  ['FASH-DUPAT-004', 'Phulkari Dupatta', 'fashion', 1299, 45, 'Hand-embroidered phulkari dupatta'],
  ['FASH-SHIRT-005', 'Khadi Shirt', 'fashion', 1599, 55, 'Handspun khadi cotton shirt, regular fit'],
  [
    'HOME-TAWA-001',
    'Prestige Omega Tawa',
    'home-kitchen',
    1199,
    65,
    'Non-stick 28 cm tawa for rotis and dosas',
  ],
  [
    'HOME-COOKER-002',
    'Hawkins Pressure Cooker 5 L',
    'home-kitchen',
    2299,
    35,
    'Aluminium pressure cooker with inner lid',
  ],
  [
    'HOME-MIXER-003',
    'Bajaj Mixer Grinder 750 W',
    'home-kitchen',
    3899,
    25,
    'Three jars, stainless steel blades',
  ],
  ['HOME-DABBA-004', 'Steel Masala Dabba', 'home-kitchen', 699, 90, 'Spice box with seven bowls and a lid'],
  ['HOME-DHURRIE-005', 'Jaipur Cotton Dhurrie', 'home-kitchen', 1799, 30, 'Handwoven 4 x 6 ft cotton rug'],
  ['GROC-RICE-001', 'India Gate Basmati Rice 5 kg', 'grocery', 849, 200, 'Aged long-grain basmati rice'],
  ['GROC-TEA-002', 'Tata Tea Gold 1 kg', 'grocery', 599, 150, 'Assam tea with long leaves'],
  ['GROC-GHEE-003', 'Amul Pure Ghee 1 L', 'grocery', 649, 100, 'Made from fresh cream'],
  ['GROC-ATTA-004', 'Aashirvaad Atta 10 kg', 'grocery', 499, 120, 'Whole wheat flour'],
  ['GROC-DAL-005', 'Toor Dal 1 kg', 'grocery', 179, 180, 'Unpolished arhar dal'],
  ['BOOK-GITA-001', 'Bhagavad Gita As It Is', 'books', 350, 75, 'Sanskrit verses with English translation'],
  ['BOOK-MALGUDI-002', 'Malgudi Days', 'books', 199, 85, 'Stories by R. K. Narayan'],
  ['BOOK-WINGS-003', 'Wings of Fire', 'books', 299, 95, 'Autobiography of A. P. J. Abdul Kalam'],
  ['BOOK-GODAAN-004', 'Godaan', 'books', 250, 40, 'Novel by Munshi Premchand'],
];

/** The demo catalog: 24 products in five categories, prices in paise (GST included). */
export const demoCatalog: readonly NewProduct[] = DEMO.map(
  ([sku, name, category, rupees, stock, description]) => {
    const [hsnCode, gstRatePercent] = TAX[sku] ?? ['', STANDARD_GST_RATE_PERCENT];
    return {
      sku,
      name,
      category,
      description,
      price: rupees * 100,
      currency: 'INR',
      stock,
      hsnCode,
      gstRatePercent,
    };
  },
);

/** Adds the demo catalog when the database has no product; returns how many products were added. */
export async function seedDemoCatalog(db: IDatabaseAdapter): Promise<number> {
  if ((await db.products.count()) > 0) return 0;
  let added = 0;
  for (const product of demoCatalog) {
    try {
      await db.products.create(product);
      added++;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'CONFLICT')) throw error;
    }
  }
  return added;
}
