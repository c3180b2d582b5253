import { seedRates, STARTING_RATES } from '../tax';
import type { ProductKind, ProductRow } from './catalog.table';
import type { Db } from '../database';

interface DemoProduct {
  sku: string;
  name: string;
  kind: ProductKind;
  description: string;
  capacity: number | null;
  prices: Record<string, number>;
  delivery?: Partial<Pick<ProductRow, 'licence_term_months' | 'download_file' | 'starts_at' | 'ends_at' | 'time_zone' | 'location' | 'online_url' | 'venue' | 'sales_end_at'>>;
}

const DAY_MS = 86_400_000;
/** The demo's sessions lie ahead of whenever the catalog is seeded (a fixed date would one day
 * close the demo summit's sales and fail every test that orders it), at 08:00 UTC. */
const daysAhead = (days: number, hourUtc = 8) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + days * DAY_MS + hourUtc * 3_600_000);

const DEMO_PRODUCTS: DemoProduct[] = [
  {
    sku: 'SW-STD',
    name: 'Handoff Suite Standard',
    kind: 'software',
    description: 'One-year licence for one user.',
    capacity: null,
    prices: { USD: 4900, EUR: 4500, GBP: 3900, JPY: 7500 },
    delivery: { licence_term_months: 12, download_file: 'handoff-suite-standard.zip' },
  },
  {
    sku: 'SW-PRO',
    name: 'Handoff Suite Professional',
    kind: 'software',
    description: 'One-year licence for one user, with priority support.',
    capacity: null,
    prices: { USD: 14900, EUR: 13900, GBP: 11900, JPY: 22000 },
    delivery: { licence_term_months: 12 },
  },
  {
    sku: 'TRN-ADMIN',
    name: 'Administrator training (2 days)',
    kind: 'training',
    description: 'Live online course, 12 seats.',
    capacity: 12,
    prices: { USD: 89000, EUR: 82000, GBP: 71000, JPY: 130000 },
    delivery: { starts_at: daysAhead(60), ends_at: daysAhead(61, 16), time_zone: 'Europe/Berlin', online_url: 'https://training.handoff.example/admin' },
  },
  {
    sku: 'EVT-SUMMIT',
    name: 'Handoff Summit ticket',
    kind: 'event',
    description: 'One-day conference, 50 seats.',
    capacity: 50,
    prices: { USD: 29900, EUR: 27900, GBP: 23900, JPY: 44000 },
    delivery: { starts_at: daysAhead(120), time_zone: 'Europe/Berlin', venue: 'Kulturbrauerei, Schönhauser Allee 36, 10435 Berlin', sales_end_at: daysAhead(119, 22) },
  },
];

/** Idempotent: adds what is missing and never overwrites what staff changed. The tax rates (real rates, not demo
 * data: `tax/rates.ts`) are written on every start; the demo products only outside production (`npm run seed:demo` adds them to any
 * database on purpose), so a live store never sells the demo's licences by accident. */
export async function seedCatalog(db: Db, opts: { demoProducts: boolean }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (opts.demoProducts) {
      await tx
        .insertInto('products')
        .values(DEMO_PRODUCTS.map(({ prices: _p, delivery, ...p }) => ({ ...p, ...delivery })))
        .onConflict((oc) => oc.column('sku').doNothing())
        .execute();
      await tx
        .insertInto('product_prices')
        .values(DEMO_PRODUCTS.flatMap((p) => Object.entries(p.prices).map(([currency, unit_amount]) => ({ sku: p.sku, currency, unit_amount }))))
        .onConflict((oc) => oc.columns(['sku', 'currency']).doNothing())
        .execute();
    }
    await seedRates(tx, STARTING_RATES);
  });
}

/** Everything a development or test database starts with. */
export const seedDemoCatalog = (db: Db): Promise<void> => seedCatalog(db, { demoProducts: true });
