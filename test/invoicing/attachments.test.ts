import { createHash } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { asBytes } from '../helpers/bytes';
import { mailParts, mailsOfKind, runJobs, type MailPart } from '../helpers/fulfilment';
import { pdfText } from '../helpers/pdf-text';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
let finance: string;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '1000' });
  [sales, finance] = [await staffToken(t, ['sales']), await staffToken(t, ['finance'])];
});
afterAll(() => t.close());

type Placed = Awaited<ReturnType<typeof placeOrder>>;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The PDFs attached to the order's emails of this kind, one list per email. */
const pdfsOf = (p: Placed, kind: string): MailPart[][] =>
  mailsOfKind(t, kind)
    .filter((m) => m.file.startsWith(`${p.order.number}-`))
    .map((m) => mailParts(m.raw).filter((part) => part.contentType === 'application/pdf'));

async function download(p: Placed, number: string): Promise<{ bytes: Buffer; sha: string }> {
  const res = await asBytes(request(t.app).get(`/api/orders/${p.order.id}/documents/${number}`).set('Authorization', `Bearer ${p.token}`));
  expect(res.status).toBe(200);
  return { bytes: res.body as Buffer, sha: res.headers['x-content-sha256'] as string };
}

const documents = async (p: Placed) =>
  (await request(t.app).get(`/api/orders/${p.order.id}/documents`).set('Authorization', `Bearer ${p.token}`)).body.documents as Array<{ kind: string; number: string }>;

describe('the emails of a pay-via-sales order carry its documents', () => {
  let placed: Placed;
  beforeAll(async () => {
    placed = await placeOrder(t, salesOrder({}, { country: 'DE' }));
    await runJobs(t);
  });

  it('the confirmation carries the pro-forma: the very PDF the order page serves', async () => {
    const [mail, ...more] = pdfsOf(placed, 'order_received');
    expect(more).toEqual([]);
    expect(mail!.map((a) => a.filename)).toEqual([`PF-${placed.order.number}.pdf`]);
    const served = await download(placed, `PF-${placed.order.number}`);
    expect(sha256(mail![0]!.body)).toBe(served.sha);
    expect(mail![0]!.body.equals(served.bytes)).toBe(true);
    // A second pass of the worker sends nothing again.
    await runJobs(t);
    expect(pdfsOf(placed, 'order_received')).toHaveLength(1);
  });

  it('once paid, the receipt carries the invoice, which reads back with its number', async () => {
    const paid = await request(t.app)
      .post(`/api/staff/orders/${placed.order.id}/payments`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ amount: placed.order.total, currency: placed.order.currency, method: 'bank_transfer', reference: placed.next.reference });
    expect(paid.status).toBe(201);
    await runJobs(t);
    const invoice = (await documents(placed)).find((d) => d.kind === 'invoice')!;
    const [mail] = pdfsOf(placed, 'order_paid');
    expect(mail!.map((a) => a.filename)).toEqual([`${invoice.number}.pdf`]);
    expect(sha256(mail![0]!.body)).toBe((await download(placed, invoice.number)).sha);
    const text = await pdfText(mail![0]!.body);
    expect(text).toContain(`Invoice ${invoice.number}`);
    expect(text).toContain(`Total: ${(placed.order.total / 100).toFixed(2)} EUR`);
  });

  it('each refund notice carries that refund’s credit note', async () => {
    const refund = (amount: number, key: string) =>
      request(t.app)
        .post(`/api/staff/orders/${placed.order.id}/refunds`)
        .set('Authorization', `Bearer ${finance}`)
        .set('Idempotency-Key', `${key}-${placed.order.id}`)
        .send({ amount, method: 'bank_transfer', reference: 'SEPA back' });
    const first = Math.floor(placed.order.total / 4);
    expect((await refund(first, 'a')).status).toBe(201);
    await runJobs(t);
    expect((await refund(placed.order.total - first, 'b')).status).toBe(201);
    await runJobs(t);
    const notes = (await documents(placed)).filter((d) => d.kind === 'credit_note').map((d) => d.number);
    expect(notes).toHaveLength(2);
    const mails = pdfsOf(placed, 'refund_issued');
    expect(mails.map((m) => m.map((a) => a.filename))).toEqual(notes.map((n) => [`${n}.pdf`]));
    const text = await pdfText(mails[1]![0]!.body);
    expect(text).toContain(`Credit note ${notes[1]}`);
    expect(sha256(mails[1]![0]!.body)).toBe((await download(placed, notes[1]!)).sha);
  });
});

describe('emails without a document', () => {
  it('the sales desk’s copy of a new order carries no PDF', async () => {
    const placed = await placeOrder(t, salesOrder());
    await runJobs(t);
    const desk = pdfsOf(placed, 'sales_new_order');
    expect(desk).toHaveLength(1);
    expect(desk[0]).toEqual([]);
  });
});
