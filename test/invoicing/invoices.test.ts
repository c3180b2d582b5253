import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { asBytes } from '../helpers/bytes';
import { pdfText as readPdf } from '../helpers/pdf-text';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '1000', SELLER_VAT_ID: 'DE136695976', SELLER_NAME: 'Handoff GmbH' });
  sales = await staffToken(t, ['sales']);
});
afterAll(() => t.close());

type Placed = Awaited<ReturnType<typeof placeOrder>>;
const pay = (p: Placed) =>
  request(t.app)
    .post(`/api/staff/orders/${p.order.id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount: p.order.total, currency: p.order.currency, method: 'bank_transfer', reference: p.next.reference });
/** As a client would: a 503 (the pool is full with 200 payers at once) is retried, and the
 * transaction it answered for never committed, so it took no number. */
async function payRetrying(p: Placed) {
  for (let attempt = 0; ; attempt++) {
    const res = await pay(p);
    if (res.status !== 503 || attempt === 20) return res;
    await new Promise((r) => setTimeout(r, 200 * (1 + Math.random())));
  }
}
const tokenOf = (p: Placed) => p.token;
const documents = async (p: Placed) =>
  (
    await request(t.app)
      .get(`/api/orders/${p.order.id}/documents`)
      .set('Authorization', `Bearer ${tokenOf(p)}`)
  ).body.documents as Array<{ kind: string; number: string; gross: number; tax: number; refers_to: string | null }>;
const invoiceNumbers = async () => (await t.ctx.db.selectFrom('invoice_documents').select('number').where('kind', '=', 'invoice').orderBy('number').execute()).map((r) => r.number);

async function pdfText(path: string, token: string): Promise<{ text: string; sha: string; bytes: Buffer }> {
  const res = await asBytes(request(t.app).get(path).set('Authorization', `Bearer ${token}`));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const text = await readPdf(res.body as Buffer);
  return { text, sha: res.headers['x-content-sha256'] as string, bytes: res.body as Buffer };
}

describe('a pay-via-sales order', () => {
  it('gets a pro-forma at once, with the bank instructions and the payment reference, and no invoice number', async () => {
    const placed = await placeOrder(t, salesOrder({ po_number: 'PO-4711' }));
    const docs = await documents(placed);
    expect(docs).toEqual([expect.objectContaining({ kind: 'proforma', number: `PF-${placed.order.number}`, gross: placed.order.total })]);
    const { text } = await pdfText(`/api/orders/${placed.order.id}/documents/PF-${placed.order.number}`, tokenOf(placed));
    expect(text).toContain('Pro-forma invoice');
    expect(text).toContain('not an invoice');
    expect(text).toContain(placed.next.reference);
    expect(text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    expect(text).toContain('PO-4711');
    expect(text).toContain(`Total: ${(placed.order.total / 100).toFixed(2)} EUR`);
    expect(await invoiceNumbers()).toEqual([]);
  });

  it('once paid gets an invoice numbered in the year’s series; the PDF holds the number, totals, both VAT ids and the reverse-charge note', async () => {
    const placed = await placeOrder(t, salesOrder({}, { country: 'FR', company: 'Acme SA', vat_id: 'FR40303265045' }));
    expect((await pay(placed)).status).toBe(201);
    const invoice = (await documents(placed)).find((d) => d.kind === 'invoice')!;
    const year = new Date().getUTCFullYear();
    expect(invoice.number).toBe(`${year}-000001`);
    const path = `/api/orders/${placed.order.id}/documents/${invoice.number}`;
    const shopper = await pdfText(path, tokenOf(placed));
    expect(shopper.text).toContain(`Invoice ${year}-000001`);
    expect(shopper.text).toContain(`Total: ${(placed.order.total / 100).toFixed(2)} EUR`);
    expect(shopper.text).toContain('Tax: 0.00 EUR');
    expect(shopper.text).toMatch(/Reverse charge: VAT to be accounted for by the recipient/);
    expect(shopper.text).toContain('VAT id DE136695976');
    expect(shopper.text).toContain('VAT id FR40303265045');
    expect(shopper.text).toContain('Handoff GmbH');
    // Staff download the same bytes; the document never changes once issued.
    const staff = await pdfText(`/api/staff/orders/${placed.order.id}/documents/${invoice.number}`, sales);
    expect(staff.bytes.equals(shopper.bytes)).toBe(true);
    expect(staff.sha).toBe(shopper.sha);
  });

  it('another order’s token opens none of its documents', async () => {
    const [a, b] = [await placeOrder(t), await placeOrder(t)];
    const res = await request(t.app)
      .get(`/api/orders/${a.order.id}/documents/PF-${a.order.number}`)
      .set('Authorization', `Bearer ${tokenOf(b)}`);
    expect(res.status).toBe(401);
  });
});

describe('a refund', () => {
  it('issues a credit note in its own series that refers to the invoice, with the refunded share of the tax', async () => {
    const finance = await staffToken(t, ['finance']);
    const placed = await placeOrder(t, salesOrder({}, { country: 'DE' }));
    expect((await pay(placed)).status).toBe(201);
    const invoice = (await documents(placed)).find((d) => d.kind === 'invoice')!;
    const half = placed.order.total / 2;
    const refund = await request(t.app)
      .post(`/api/staff/orders/${placed.order.id}/refunds`)
      .set('Authorization', `Bearer ${finance}`)
      .set('Idempotency-Key', `cn-${placed.order.id}`)
      .send({ amount: half, method: 'bank_transfer', reference: 'SEPA back' });
    expect(refund.status).toBe(201);
    const note = (await documents(placed)).find((d) => d.kind === 'credit_note')!;
    expect(note).toMatchObject({ number: `CN-${new Date().getUTCFullYear()}-000001`, gross: half, refers_to: invoice.number, tax: placed.order.tax / 2 });
    const { text } = await pdfText(`/api/orders/${placed.order.id}/documents/${note.number}`, tokenOf(placed));
    expect(text).toContain(`Credit note ${note.number}`);
    expect(text).toContain(`Credits invoice ${invoice.number}`);
    expect(text).toContain(`Total: ${(half / 100).toFixed(2)} EUR`);
  });
});

describe('invoice numbers', () => {
  it('an order that expired consumes no number: the payment refused, the next invoice follows on', async () => {
    const before = await invoiceNumbers();
    const expired = await placeOrder(t);
    await t.ctx.db.updateTable('orders').set({ status: 'expired', closed_at: new Date() }).where('id', '=', expired.order.id).execute();
    expect((await pay(expired)).status).toBeGreaterThanOrEqual(400);
    const next = await placeOrder(t);
    expect((await pay(next)).status).toBe(201);
    const after = await invoiceNumbers();
    expect(after).toHaveLength(before.length + 1);
    expect(Number(after.at(-1)!.slice(5))).toBe(before.length + 1);
  });

  it('200 orders paid at once get 200 distinct consecutive numbers, no gap', async () => {
    const start = (await invoiceNumbers()).length;
    const placed: Placed[] = [];
    for (let i = 0; i < 200; i++) placed.push(await placeOrder(t, salesOrder({}, { email: `buyer-${i}@example.com` })));
    const answers = await Promise.all(placed.map((p) => payRetrying(p)));
    expect(answers.map((r) => r.status)).toEqual(placed.map(() => 201));
    const numbers = (await invoiceNumbers()).slice(start).map((n) => Number(n.slice(5)));
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => start + i + 1));
    const perOrder = await t.ctx.db
      .selectFrom('invoice_documents')
      .select('order_id')
      .where('kind', '=', 'invoice')
      .where(
        'order_id',
        'in',
        placed.map((p) => p.order.id),
      )
      .execute();
    expect(new Set(perOrder.map((r) => r.order_id)).size).toBe(200);
  }, 240_000);
});
