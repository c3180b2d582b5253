import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { paidCardOrder, postRefund, salesOrderPaid } from '../helpers/payments';
import { useTestApp, type TestApp } from '../helpers/app';
import { historyOf, orderRow } from '../helpers/records';
import { answeredDeliveries, delivered } from '../helpers/processor';

let t: TestApp;
useTestApp((app) => (t = app));

let finance: string;
beforeAll(async () => {
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
});

const refund = (orderId: string, body: Record<string, unknown>, key?: string) => postRefund(t, finance, orderId, body, key);
const atProcessor = async (orderId: string) => {
  const { processor_payment_intent } = await orderRow(t, orderId);
  return (await t.ctx.stripe.refunds.list({ payment_intent: processor_payment_intent!, limit: 100 })).data;
};
const refundRows = (orderId: string) => t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
/** The processor makes the refund but its answer is lost: our side answers 503. */
const refundAnswerLost = async (orderId: string, amount: number, key: string) => {
  await t.processor.failNext(3, '500', { path: '/v1/refunds', after: true });
  expect((await refund(orderId, { amount }, key)).status).toBe(503);
};
/** One refund at the processor, and the order counts `amount` refunded. */
const expectRefundedOnce = async (orderId: string, amount: number) => {
  expect(await atProcessor(orderId)).toHaveLength(1);
  expect((await orderRow(t, orderId)).amount_refunded).toBe(amount);
};
/** DE, 19% tax: 139.00 + 26.41 = 165.41 EUR. */
const euroOrder = () => paidCardOrder(t, { currency: 'EUR', customer: { country: 'DE' }, items: [{ sku: 'SW-PRO', quantity: 1 }] });

describe('refunding a card order', () => {
  it('refunds in part, then the rest, through the processor; the order becomes partially_refunded, then refunded, and gives its seats back', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const order = await paidCardOrder(t, { currency: 'EUR', customer: { country: 'DE' }, items: [{ sku: 'EVT-SUMMIT', quantity: 2 }] });
    const total = (await orderRow(t, order.id)).total;
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);

    const first = await refund(order.id, { amount: 10000, reason: 'one attendee cancelled' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      refund: {
        amount: 10000,
        currency: 'EUR',
        status: 'succeeded',
        method: 'card',
        reason: 'one attendee cancelled',
        processor_refund_id: expect.stringMatching(/^re_/),
        requested_by: 'staff:fiona',
      },
      order: { status: 'partially_refunded', amount_paid: total, amount_refunded: 10000, refundable: total - 10000 },
    });
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);

    const rest = await refund(order.id, { amount: total - 10000 });
    expect(rest.status).toBe(201);
    expect(rest.body.order).toMatchObject({ status: 'refunded', amount_refunded: total, refundable: 0 });
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before);

    const processor = await atProcessor(order.id);
    expect(processor.map((r) => [r.amount, r.metadata?.refund_id]).sort()).toEqual(
      [
        [10000, first.body.refund.id],
        [total - 10000, rest.body.refund.id],
      ].sort(),
    );
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', 'in', [first.body.refund.id, rest.body.refund.id])
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['refund.requested', 'refund.succeeded', 'refund.requested', 'refund.succeeded']);
    expect(new Set(audited.map((a) => a.actor))).toEqual(new Set(['staff:fiona']));
  });

  it('the charge.refunded webhook for a refund already recorded changes nothing, however often it comes', async () => {
    const order = await euroOrder();
    const res = await refund(order.id, { amount: 4000 });
    expect(res.status).toBe(201);
    const { charge } = await t.ctx.stripe.refunds.retrieve(res.body.refund.processor_refund_id);
    const { event } = await delivered(t, 'charge.refunded', charge as string);
    const [row, history] = [await orderRow(t, order.id), await historyOf(t, order.id)];
    expect(row).toMatchObject({ status: 'partially_refunded', amount_refunded: 4000 });

    await t.processor.redeliver(event.id, { times: 3 });
    await answeredDeliveries(t, event.id, 4);
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 4000, updated_at: row.updated_at });
    expect(await historyOf(t, order.id)).toHaveLength(history.length);
  });

  it('refuses more than what is left to refund with 422 naming the amount; nothing reaches the processor', async () => {
    const order = await euroOrder();
    const res = await refund(order.id, { amount: 16542 });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'amount_exceeds_refundable', refundable: 16541, errors: [{ path: 'amount', message: 'At most 165.41 EUR (16541) can be refunded.' }] });
    expect(await atProcessor(order.id)).toEqual([]);
    expect(await refundRows(order.id)).toEqual([]);
    expect((await refund(order.id, { amount: 16541 })).status).toBe(201);
    expect((await refund(order.id, { amount: 1 })).body).toMatchObject({ status: 422, code: 'order_not_refundable' });
  });

  it('two identical requests at once (same Idempotency-Key) refund once', async () => {
    const order = await euroOrder();
    const key = randomUUID();
    const answers = await Promise.all([refund(order.id, { amount: 5000 }, key), refund(order.id, { amount: 5000 }, key)]);
    expect(answers.map((a) => a.status).sort()).toEqual(answers.some((a) => a.status === 409) ? [201, 409] : [201, 201]);
    expect(await atProcessor(order.id)).toHaveLength(1);
    expect(await refundRows(order.id)).toHaveLength(1);
    expect((await orderRow(t, order.id)).amount_refunded).toBe(5000);
    const again = await refund(order.id, { amount: 5000 }, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await refund(order.id, { amount: 6000 }, key)).body.code).toBe('idempotency_key_reused');
  });

  it('two identical requests at once without an Idempotency-Key (a double click) refund once', async () => {
    const order = await euroOrder();
    const url = `/api/staff/orders/${order.id}/refunds`;
    const send = () => request(t.app).post(url).set('Authorization', `Bearer ${finance}`).send({ amount: 2500, reason: 'double click' });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.status).sort()).toEqual(answers.some((a) => a.status === 409) ? [201, 409] : [201, 201]);
    await expectRefundedOnce(order.id, 2500);
    // Another amount is another refund.
    expect((await request(t.app).post(url).set('Authorization', `Bearer ${finance}`).send({ amount: 1000, reason: 'double click' })).status).toBe(201);
    expect((await orderRow(t, order.id)).amount_refunded).toBe(3500);
  });

  it('two different refunds at once cannot together refund more than was paid', async () => {
    const order = await euroOrder();
    const answers = await Promise.all([refund(order.id, { amount: 10000 }), refund(order.id, { amount: 10000 })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    await expectRefundedOnce(order.id, 10000);
  });

  it('when the processor does not answer: 503 with Retry-After, the refund stays pending, and the retry completes it once', async () => {
    const order = await euroOrder();
    const key = randomUUID();
    await t.processor.failNext(3, '500', { path: '/v1/refunds' });
    const down = await refund(order.id, { amount: 3000 }, key);
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect((await refundRows(order.id)).map((r) => r.status)).toEqual(['pending']);
    expect(await atProcessor(order.id)).toEqual([]);
    expect((await refund(order.id, { amount: 13542 })).body.errors).toEqual([{ path: 'amount', message: 'At most 135.41 EUR (13541) can be refunded.' }]);

    const retried = await refund(order.id, { amount: 3000 }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.refund).toMatchObject({ id: (await refundRows(order.id))[0]!.id, status: 'succeeded' });
    await expectRefundedOnce(order.id, 3000);
  });

  it('when the processor refunds but its answer is lost, the retry gets the same processor refund, not a second one', async () => {
    const order = await euroOrder();
    const key = randomUUID();
    await refundAnswerLost(order.id, 2500, key);
    const [made] = await atProcessor(order.id);
    expect(made).toMatchObject({ amount: 2500 });

    const retried = await refund(order.id, { amount: 2500 }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.refund.processor_refund_id).toBe(made!.id);
    await expectRefundedOnce(order.id, 2500);
  });

  it('a refund left pending by a 503 and never retried is completed by the sweep, once; a late retry then just answers', async () => {
    const order = await euroOrder();
    const key = randomUUID();
    await refundAnswerLost(order.id, 1500, key);
    const [pending] = await refundRows(order.id);
    await t.ctx.db
      .updateTable('refunds')
      .set({ created_at: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', pending!.id)
      .execute();

    await t.worker.runOnce(Date.now() + 60 * 60_000);
    expect((await refundRows(order.id)).map((r) => r.status)).toEqual(['succeeded']);
    expect(await atProcessor(order.id)).toHaveLength(1);
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 1500 });
    const late = await refund(order.id, { amount: 1500 }, key);
    expect(late.status).toBe(201);
    expect(late.body.refund).toMatchObject({ id: pending!.id, status: 'succeeded' });
    expect(await atProcessor(order.id)).toHaveLength(1);
  });

  it('a card refund takes no offline method or reference; an unpaid order is not refundable', async () => {
    const order = await euroOrder();
    const res = await refund(order.id, { amount: 100, method: 'bank_transfer', reference: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['method', 'reference']);
    const unpaid = await salesOrderPaid(t, { currency: 'EUR' }, {}, false);
    expect((await refund(unpaid.id, { amount: 100, method: 'bank_transfer', reference: 'x' })).body.code).toBe('order_not_refundable');
  });
});

describe('refunding a pay-via-sales order', () => {
  it('records at once how the money went back; method and reference are required', async () => {
    const order = await salesOrderPaid(t, { currency: 'GBP' }, { country: 'GB' });
    const missing = await refund(order.id, { amount: 1000 });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['method', 'reference']);

    const res = await refund(order.id, { amount: 1000, method: 'bank_transfer', reference: 'BACS 2026-11-30' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      refund: { status: 'succeeded', method: 'bank_transfer', reference: 'BACS 2026-11-30', processor_refund_id: null, settled_at: expect.any(String) },
      order: { status: 'partially_refunded', amount_refunded: 1000, refundable: order.total - 1000 },
    });
    const audited = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', res.body.refund.id).execute();
    expect(audited).toMatchObject([{ action: 'refund.recorded', actor: 'staff:fiona', detail: { order_id: order.id, amount: 1000, currency: 'GBP', method: 'bank_transfer' } }]);
  });
});

describe('who may refund', () => {
  it('401 without a token, 403 without the finance role, 400 for a malformed Idempotency-Key, 404 for no such order', async () => {
    const order = await euroOrder();
    const url = `/api/staff/orders/${order.id}/refunds`;
    expect((await request(t.app).post(url).set('Idempotency-Key', 'k1').send({ amount: 100 })).status).toBe(401);
    const sales = await staffToken(t, ['sales', 'admin']);
    expect((await postRefund(t, sales, order.id, { amount: 100 })).status).toBe(403);
    const badKey = await request(t.app).post(url).set('Authorization', `Bearer ${finance}`).set('Idempotency-Key', 'has space').send({ amount: 100 });
    expect(badKey.status).toBe(400);
    expect((await refund(randomUUID(), { amount: 100 })).status).toBe(404);
    expect((await refund('not-a-uuid', { amount: 100 })).status).toBe(400);
    expect((await refund(order.id, { amount: 1.5 })).body.errors).toEqual([{ path: 'amount', message: expect.any(String) }]);
    expect((await orderRow(t, order.id)).amount_refunded).toBe(0);
  });

  it('a malformed refund body is 422 naming the field, and nothing is refunded', async () => {
    const order = await euroOrder();
    const bodies: Array<[Record<string, unknown>, string]> = [
      [{ amount: 0 }, 'amount'],
      [{ amount: -100 }, 'amount'],
      [{ amount: '100' }, 'amount'],
      [{}, 'amount'],
      [{ amount: 100, reason: ' ' }, 'reason'],
      [{ amount: 100, reason: 'x'.repeat(501) }, 'reason'],
      [{ amount: 100, method: 'cash' }, 'method'],
    ];
    for (const [body, field] of bodies) {
      const res = await refund(order.id, body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    }
    expect(await refundRows(order.id)).toEqual([]);
    expect(await atProcessor(order.id)).toEqual([]);
  });
});
