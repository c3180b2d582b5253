import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../helpers/app';
import { postOrder, ADA_BY_SALES, type Shopper } from '../helpers/orders';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RETENTION_DAYS: '365', ABANDONED_RETENTION_DAYS: '30' });
});
afterAll(() => t.close());

const person = (n: string): Shopper => ({ name: `Person ${n}`, email: `person.${n}@example.com`, company: `Company ${n}`, country: 'DE', phone: '+49 30 1234567' });

async function orderAged(n: string, days: number, status?: 'cancelled' | 'expired' | 'paid', flags: Record<string, boolean> = {}): Promise<string> {
  const res = await postOrder(t, { ...ADA_BY_SALES, customer: person(n), ...flags }).expect(201);
  const id = res.body.order.id as string;
  const paid = status === 'paid' ? sql`, amount_paid = total, paid_at = now() - make_interval(days => ${days})` : sql``;
  await sql`update orders set created_at = now() - make_interval(days => ${days}) ${status ? sql`, status = ${status}` : sql``} ${paid} where id = ${id}`.execute(t.ctx.db);
  return id;
}
const customerOf = (id: string) =>
  t.ctx.db.selectFrom('orders').select(['customer_name', 'customer_email', 'total', 'amount_paid', 'customer_country', 'erased_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('the retention sweep', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.oldPaid = await orderAged('old-paid', 400, 'paid');
    ids.recentPaid = await orderAged('recent-paid', 40, 'paid');
    ids.abandoned = await orderAged('abandoned', 40, 'cancelled');
    ids.expired = await orderAged('expired', 31, 'expired');
    ids.freshlyCancelled = await orderAged('fresh-cancel', 10, 'cancelled');
    ids.waiting = await orderAged('waiting', 40);
    ids.optedIn = await orderAged('opted-in', 400, 'paid', { marketing_opt_in: true });
    await postOrder(t, { ...ADA_BY_SALES, customer: person('long-gone'), marketing_opt_in: true }).expect(201);
    await sql`update consents set withdrawn_at = now() - interval '400 days', withdrawn_via = 'test' where email = 'person.long-gone@example.com'`.execute(t.ctx.db);
    await t.worker.runOnce();
  });

  it('pseudonymises orders placed before the retention period, keeping their amounts and country', async () => {
    const old = await customerOf(ids.oldPaid!);
    expect(old).toMatchObject({
      customer_name: expect.stringMatching(/^erased-/),
      customer_email: expect.stringMatching(/^erased-.*@erased\.invalid$/),
      customer_country: 'DE',
      erased_at: expect.any(Date),
    });
    expect(old.amount_paid).toBe(old.total);
  });

  it('pseudonymises abandoned, never-paid orders much sooner', async () => {
    expect((await customerOf(ids.abandoned!)).customer_name).toMatch(/^erased-/);
    expect((await customerOf(ids.expired!)).customer_name).toMatch(/^erased-/);
  });

  it('leaves recent orders, recently abandoned ones, and unpaid ones still open', async () => {
    for (const key of ['recentPaid', 'freshlyCancelled', 'waiting']) expect((await customerOf(ids[key]!)).erased_at).toBeNull();
    expect((await customerOf(ids.recentPaid!)).customer_name).toBe('Person recent-paid');
  });

  it('keeps a consent that is still current, and pseudonymises one withdrawn before the retention period', async () => {
    const consents = await t.ctx.db.selectFrom('consents').select(['email', 'withdrawn_at']).orderBy('id').execute();
    expect(consents).toEqual([
      { email: 'person.opted-in@example.com', withdrawn_at: null },
      { email: expect.stringMatching(/^erased-.*@erased\.invalid$/), withdrawn_at: expect.any(Date) },
    ]);
  });

  it('records what it did, without naming anyone', async () => {
    const runs = await t.ctx.db.selectFrom('privacy_requests').selectAll().where('kind', '=', 'retention').execute();
    expect(runs.map((r) => r.counts)).toEqual(expect.arrayContaining([expect.objectContaining({ orders: 4 }), { consents: 1 }]));
    expect(runs.every((r) => r.subject_hash === null && r.requested_by === 'retention-sweep')).toBe(true);
    const history = await t.ctx.db.selectFrom('order_history').select('detail').where('order_id', '=', ids.oldPaid!).where('event', '=', 'customer_erased').execute();
    expect(history).toEqual([{ detail: { reason: 'retention' } }]);
  });

  it('finds nothing left to do when it runs again', async () => {
    const before = await t.ctx.db.selectFrom('privacy_requests').select('id').execute();
    await t.worker.runOnce(Date.now() + 7 * 3_600_000);
    expect(await t.ctx.db.selectFrom('privacy_requests').select('id').execute()).toHaveLength(before.length);
  });
});
