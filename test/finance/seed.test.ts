import { sql, type RawBuilder } from 'kysely';
import { seedOrders } from '../../scripts/seed/orders';
import { ORDER_STATUSES } from '../../src/orders';
import { freshDatabase, type TestDatabase } from '../helpers/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  // Small chunks, so that several chunks (and their slices of the year) are exercised.
  await seedOrders(database.db, 5000, { chunkSize: 1200 });
}, 60_000);
afterAll(() => database.close());

const one = async <T>(query: RawBuilder<T>) => (await query.execute(database.db)).rows;

describe('seed:orders', () => {
  it('writes the orders asked for: both payment methods, every status, JPY among several currencies, several countries', async () => {
    const [{ n }] = (await one(sql<{ n: number }>`select count(*)::int as n from orders`)) as [{ n: number }];
    expect(n).toBe(5000);
    const combos = await one(sql<{ payment_method: string; status: string }>`select distinct payment_method, status from orders`);
    expect(new Set(combos.map((c) => c.status))).toEqual(new Set(ORDER_STATUSES));
    expect(new Set(combos.map((c) => c.payment_method))).toEqual(new Set(['card', 'sales']));
    const currencies = (await one(sql<{ currency: string }>`select distinct currency from orders`)).map((r) => r.currency).sort();
    expect(currencies).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
    expect((await one(sql`select distinct customer_country from orders`)).length).toBeGreaterThan(5);
  });

  it('dates them over the past year, paid after created, and numbers them uniquely', async () => {
    const [span] = (await one(sql<{ oldest: Date; newest: Date; paid_before_created: number; numbers: number }>`
      select min(created_at) as oldest, max(created_at) as newest, count(*) filter (where paid_at < created_at)::int as paid_before_created,
             count(distinct number)::int as numbers from orders`)) as [{ oldest: Date; newest: Date; paid_before_created: number; numbers: number }];
    expect(span.oldest.getTime()).toBeGreaterThan(Date.now() - 366 * 86_400_000);
    expect(span.newest.getTime()).toBeLessThanOrEqual(Date.now());
    expect(span.newest.getTime() - span.oldest.getTime()).toBeGreaterThan(300 * 86_400_000);
    expect(span.paid_before_created).toBe(0);
    expect(span.numbers).toBe(5000);
  });

  it('keeps the books consistent: lines add up to the order, payments to amount_paid, refunds to amount_refunded', async () => {
    const [bad] = (await one(sql<Record<string, number>>`
      select count(*) filter (where o.subtotal <> l.amount or o.tax <> l.tax)::int as lines,
             count(*) filter (where o.amount_paid <> coalesce(p.amount, 0))::int as payments,
             count(*) filter (where o.amount_refunded <> coalesce(r.amount, 0))::int as refunds,
             count(*) filter (where (o.status in ('paid', 'partially_refunded', 'refunded', 'disputed')) <> (o.amount_paid = o.total and o.paid_at is not null))::int as paid_status,
             count(*) filter (where (o.status = 'refunded') <> (o.amount_refunded = o.total and o.total > 0))::int as refunded_status,
             count(*) filter (where (o.status = 'partially_refunded') <> (o.amount_refunded between 1 and o.total - 1))::int as partial_status
      from orders o
      join (select order_id, sum(amount) as amount, sum(tax_amount) as tax from order_items group by order_id) l on l.order_id = o.id
      left join (select order_id, sum(amount) as amount from payments group by order_id) p on p.order_id = o.id
      left join (select order_id, sum(amount) as amount from refunds where status = 'succeeded' group by order_id) r on r.order_id = o.id`)) as [Record<string, number>];
    expect(bad).toEqual({ lines: 0, payments: 0, refunds: 0, paid_status: 0, refunded_status: 0, partial_status: 0 });
  });

  it('taxes lines at the customer country rate, as checkout does', async () => {
    const [off] = (await one(sql<{ n: number }>`
      select count(*)::int as n from order_items i join orders o on o.id = i.order_id left join tax_rates t on t.country = o.customer_country and t.region = '' and t.valid_to is null
      where i.tax_rate_bp <> coalesce(t.rate_bp, 0) or i.tax_amount <> (i.amount * i.tax_rate_bp + 5000) / 10000`)) as [{ n: number }];
    expect(off.n).toBe(0);
  });
});
