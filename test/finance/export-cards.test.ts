import { sql } from 'kysely';
import { seedOrders } from '../../scripts/seed/orders';
import { CARD_MASK } from '../../src/card-data';
import { startTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';
import { exportCsv } from '../helpers/csv';

let t: TestApp;
let finance: string;
beforeAll(async () => {
  t = await startTestApp();
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  await seedOrders(t.ctx.db, 6);
});
afterAll(() => t.close());

/** Rows written before the card guard existed (or by hand): the export is the last line of defence. */
async function setCustomer(n: number, column: 'customer_company' | 'customer_name', value: string): Promise<string> {
  const { rows } = await sql<{ number: string }>`update orders set ${sql.ref(column)} = ${value}
    where id = (select id from orders order by created_at, id offset ${n} limit 1) returning number`.execute(t.ctx.db);
  return rows[0]!.number;
}

describe('the export never lets a card number out', () => {
  it('masks one in any free-text cell and written form, keeps quoting, and leaves look-alikes', async () => {
    const plain = await setCustomer(0, 'customer_company', 'Pay 4111 1111 1111 1111, "thanks"');
    const wide = await setCustomer(1, 'customer_name', 'Ａｄａ ４１１１１１１１１１１１１１１１');
    const multiline = await setCustomer(2, 'customer_company', 'line one\n5555-5555-5555-4444');
    const notCard = await setCustomer(3, 'customer_company', 'Ref 12345678901234567890');
    const escaped = await setCustomer(4, 'customer_company', 'see 4111%2D1111%2DAAAA');
    const urlCard = await setCustomer(5, 'customer_name', 'Ada 4111%2D1111%2D1111%2D1111');
    const { text, records } = await exportCsv(t, '/api/finance/orders.csv', finance);
    const rows = new Map(records.map((r) => [r.order_number!, r]));
    expect(rows.size).toBe(6);
    expect(rows.get(plain)!.customer_company).toBe(`Pay ${CARD_MASK}, "thanks"`);
    expect(rows.get(wide)!.customer_name).toBe(`Ａｄａ ${CARD_MASK}`);
    expect(rows.get(multiline)!.customer_company).toBe(`line one\n${CARD_MASK}`);
    expect(rows.get(notCard)!.customer_company).toBe('Ref 12345678901234567890');
    expect(rows.get(escaped)!.customer_company).toBe('see 4111%2D1111%2DAAAA');
    expect(rows.get(urlCard)!.customer_name).toBe(`Ada ${CARD_MASK}`);
    expect(text.replace('4111%2D1111%2DAAAA', '')).not.toMatch(/4111|5555-5555|４１１１/);
  });
});
