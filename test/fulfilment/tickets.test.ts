import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { signOrderToken } from '../../src/shared/keys';
import { startTestApp, type TestApp } from '../helpers/app';
import { postRefund, salesOrderPaid } from '../helpers/payments';
import { deliveryOf, mailParts, mailsOfKind, runJobs, verifyWithPublishedKey } from '../helpers/fulfilment';
import { placeOrder, seatedOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let door: string;
let finance: string;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  [door, finance, admin] = await Promise.all([staffToken(t, ['door']), staffToken(t, ['finance']), staffToken(t, ['admin'])]);
});
afterAll(() => t.close());

const scan = (token: string, as = door) => request(t.app).post('/api/checkin').set('Authorization', `Bearer ${as}`).send({ token });
const threeTickets = async () => {
  const order = await salesOrderPaid(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 3 }] }, {});
  await runJobs(t);
  return { order, delivery: await deliveryOf(t, order.id) };
};

describe('event tickets', () => {
  it('come one per seat, each QR code in the email decoding to a token that verifies with the published key', async () => {
    const { order, delivery } = await threeTickets();
    expect(delivery.tickets.map((x) => x.seat_no)).toEqual([1, 2, 3]);
    const [mail] = mailsOfKind(t, 'tickets_delivered').filter((m) => m.file.startsWith(`${order.number}-`));
    const images = mailParts(mail!.raw).filter((p) => p.contentType === 'image/png');
    expect(images.map((p) => p.filename).sort()).toEqual(delivery.tickets.map((x) => `ticket-${x.code}.png`).sort());
    for (const image of images) {
      const png = PNG.sync.read(image.body);
      const text = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
      const ticket = delivery.tickets.find((x) => x.token === text)!;
      expect(await verifyWithPublishedKey(t, text, 'handoff-ticket+jwt')).toMatchObject({ sub: ticket.id, code: ticket.code, event: { sku: 'EVT-SUMMIT' } });
    }
  });

  it('admit at the first scan; every later scan says when; two scanners at once admit once', async () => {
    const { delivery } = await threeTickets();
    const [first, second] = delivery.tickets;
    const both = await Promise.all([scan(first!.token), scan(first!.token)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const admitted = both.find((r) => r.status === 200)!.body;
    expect(admitted).toMatchObject({ result: 'admitted', code: first!.code, seat_no: 1 });
    const again = await scan(first!.token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ticket_already_checked_in', checked_in_at: admitted.checked_in_at });
    expect(again.body.detail).toContain(`already checked in at ${admitted.checked_in_at}`);
    expect((await scan(second!.token, admin)).status).toBe(200);
  });

  it('refuse a forged or altered code naming the field, and anyone without the door role', async () => {
    const { delivery } = await threeTickets();
    const token = delivery.tickets[0]!.token;
    const altered = await scan(`${token.slice(0, -3)}abc`);
    expect(altered.status).toBe(422);
    expect(altered.body.errors).toEqual([expect.objectContaining({ path: 'token' })]);
    expect((await scan('not a ticket')).status).toBe(422);
    expect((await scan(token, finance)).status).toBe(403);
    expect((await request(t.app).post('/api/checkin').send({ token })).status).toBe(401);
  });

  it('a refund of one ticket of three revokes one, refused at the door; a full refund revokes the rest', async () => {
    const { order, delivery } = await threeTickets();
    await scan(delivery.tickets[0]!.token);
    const oneTicket = order.total / 3;
    const partial = await postRefund(t, finance, order.id, { amount: oneTicket, method: 'bank_transfer', reference: 'back 1' });
    expect(partial.status).toBe(201);
    await runJobs(t);
    const after = (await deliveryOf(t, order.id)).tickets;
    // The seat checked in stays; the highest seat not yet used is the one given back.
    expect(after.map((x) => [x.seat_no, x.revoked_at !== null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const refused = await scan(after[2]!.token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ticket_revoked');
    expect((await scan(after[1]!.token)).status).toBe(200);

    await postRefund(t, finance, order.id, { amount: order.total - oneTicket, method: 'bank_transfer', reference: 'back rest' });
    await runJobs(t);
    expect((await deliveryOf(t, order.id)).tickets.every((x) => x.revoked_at !== null)).toBe(true);
  });

  it('show on the order page with their QR codes, inline', async () => {
    const { order } = await threeTickets();
    const page = await request(t.app)
      .get(`/orders/${order.id}`)
      .query({ token: await signOrderToken(t.ctx.keys, order.id) });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your delivery');
    expect(page.text.match(/<svg/g)).toHaveLength(3);
    expect(page.text).toContain('Handoff Summit ticket');
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/order-page.css">');
    expect(page.text).toContain('sales@handoff.example');
  });
});

describe('the ticket sales cutoff', () => {
  it('refuses orders after it with 422 naming the item, and the admin API shows it', async () => {
    const closed = new Date(Date.now() - 60_000).toISOString();
    const patched = await request(t.app).patch('/api/admin/products/EVT-SUMMIT').set('Authorization', `Bearer ${admin}`).send({ sales_end_at: closed });
    expect(patched.status).toBe(200);
    expect(patched.body.sales_end_at).toBe(closed);
    const late = await request(t.app).post('/api/orders').set('Idempotency-Key', 'late-1').send(seatedOrder(1));
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([expect.objectContaining({ path: 'items.0.sku', message: expect.stringContaining('EVT-SUMMIT') })]);
    await request(t.app).patch('/api/admin/products/EVT-SUMMIT').set('Authorization', `Bearer ${admin}`).send({ sales_end_at: null });
    expect((await placeOrder(t, seatedOrder(1))).order.status).toBe('awaiting_offline_payment');
  });

  it('refuses event fields on a software product, naming the field', async () => {
    const res = await request(t.app).patch('/api/admin/products/SW-STD').set('Authorization', `Bearer ${admin}`).send({ venue: 'Berlin' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'venue' })]);
  });
});
