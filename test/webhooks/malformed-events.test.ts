import { craftEvent, inboxRows, postEvent } from './helpers';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { orderRow, paymentsOf } from '../helpers/records';

/** An event whose signature verifies but which cannot be read as the event it says it is: the
 * processor's bug, not the shopper's. It is answered 200 "ignored" (a 500 would be retried for
 * days), logged by id and type only, and writes nothing. */
let t: TestApp;
useTestApp((app) => (t = app));

type Payload = Record<string, unknown>;

/** A completed, paid session event for the order, as the processor sends it, before it is broken. */
async function paidSession(sessionId: string): Promise<Payload> {
  const session = await t.ctx.stripe.checkout.sessions.retrieve(sessionId);
  const event = craftEvent('checkout.session.completed', { ...session, status: 'complete', payment_status: 'paid', payment_intent: 'pi_test_malformed00000000001' });
  return JSON.parse(JSON.stringify(event)) as Payload;
}

const withObject = (event: Payload, type: string, object: unknown): Payload => ({ ...event, type, data: { object } });
const sessionOf = (event: Payload) => (event.data as { object: Payload }).object;
const changed = (event: Payload, change: Payload): Payload => ({ ...event, data: { object: { ...sessionOf(event), ...change } } });
const charge = (event: Payload, change: Payload = {}): Payload => ({
  id: 'ch_test_malformed',
  object: 'charge',
  payment_intent: 'pi_test_malformed00000000001',
  amount: 4900,
  amount_captured: 4900,
  amount_refunded: 4900,
  currency: 'usd',
  status: 'succeeded',
  paid: true,
  metadata: { order_id: (sessionOf(event).metadata as Payload).order_id },
  ...change,
});

const shapes: Array<[string, (e: Payload) => Payload | string]> = [
  ['no data', ({ data: _data, ...rest }) => rest],
  ['data null', (e) => ({ ...e, data: null })],
  ['data.object null', (e) => ({ ...e, data: { object: null } })],
  ['data.object missing', (e) => ({ ...e, data: {} })],
  ['data.object a string', (e) => ({ ...e, data: { object: 'cs_test_1' } })],
  ['data.object a list', (e) => ({ ...e, data: { object: [sessionOf(e)] } })],
  ['no id', ({ id: _id, ...rest }) => rest],
  ['an id that is a number', (e) => ({ ...e, id: 42 })],
  ['a type that is a list', (e) => ({ ...e, type: ['checkout.session.completed'] })],
  ['amount_total as a string', (e) => changed(e, { amount_total: String(sessionOf(e).amount_total) })],
  ['amount_total a fraction', (e) => changed(e, { amount_total: 49.5 })],
  ['amount_total negative', (e) => changed(e, { amount_total: -4900 })],
  ['currency a number', (e) => changed(e, { currency: 840 })],
  ['metadata.order_id a number', (e) => changed(e, { metadata: { order_id: 7 } })],
  ['metadata a string', (e) => changed(e, { metadata: 'order' })],
  ['payment_intent a number', (e) => changed(e, { payment_intent: 12345 })],
  ['the session without its id', (e) => changed(e, { id: undefined })],
  ['a refunded charge without currency', (e) => withObject(e, 'charge.refunded', charge(e, { currency: undefined }))],
  ['a refunded charge with paid as text', (e) => withObject(e, 'charge.refunded', charge(e, { paid: 'yes' }))],
  ['a refunded charge with amount_refunded as text', (e) => withObject(e, 'charge.refunded', charge(e, { amount_refunded: '4900' }))],
  [
    'a dispute with a fractional amount',
    (e) => withObject(e, 'charge.dispute.created', { id: 'dp_test_1', payment_intent: 'pi_test_malformed00000000001', amount: 49.5, currency: 'usd', reason: 'fraudulent' }),
  ],
  ['a dispute without reason', (e) => withObject(e, 'charge.dispute.created', { id: 'dp_test_1', payment_intent: 'pi_test_malformed00000000001', amount: 4900, currency: 'usd' })],
  [
    'a failed PaymentIntent whose error is a string',
    (e) => withObject(e, 'payment_intent.payment_failed', { id: 'pi_test_malformed00000000001', last_payment_error: 'card_declined', metadata: {} }),
  ],
  ['an async failure whose session is null', (e) => withObject(e, 'checkout.session.async_payment_failed', null)],
  ['JSON null', () => 'null'],
  ['a JSON list', () => '[]'],
  ['a JSON string', () => '"checkout.session.completed"'],
  ['not JSON at all', () => 'checkout.session.completed for cs_test_1'],
];

const rowsAbout = async (orderId: string) => ({
  order: await orderRow(t, orderId),
  payments: await paymentsOf(t, orderId),
  history: await t.ctx.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).execute(),
  jobs: await t.ctx.db.selectFrom('jobs').select('id').execute(),
  inbox: await inboxRows(t),
});

test.each(shapes)('a signed event with %s is answered 200 ignored and writes nothing', async (_shape, breakIt) => {
  const order = await placeCardOrder(t);
  const event = await paidSession(order.sessionId);
  const before = await rowsAbout(order.id);
  const logsBefore = t.logs().length;
  const broken = breakIt(event);

  const res = await postEvent(t, typeof broken === 'string' ? broken : JSON.stringify(broken));

  expect(res.status).toBe(200);
  expect(res.body).toEqual({ received: true, outcome: 'ignored' });
  expect(await rowsAbout(order.id)).toEqual(before);
  const written = t.logs().slice(logsBefore);
  expect(written).toContain('webhook ignored: malformed event');
  for (const secret of [order.sessionId, order.id, 'ada@example.com', 'pi_test_malformed']) expect(written).not.toContain(secret);
});

test('the malformed event is logged by its id and type, nothing more', async () => {
  const order = await placeCardOrder(t);
  const event = await paidSession(order.sessionId);
  const logsBefore = t.logs().length;
  await postEvent(t, JSON.stringify(changed(event, { amount_total: 'lots' })));
  const [line] = t
    .logs()
    .slice(logsBefore)
    .split('\n')
    .filter((l) => l.includes('malformed event'))
    .map((l) => JSON.parse(l) as Payload);
  expect(line).toMatchObject({ event: event.id, type: 'checkout.session.completed' });
});

test('the same event, well formed, is then applied: nothing of the malformed copy was kept', async () => {
  const order = await placeCardOrder(t);
  const event = await paidSession(order.sessionId);
  await postEvent(t, JSON.stringify(changed(event, { amount_total: 'lots' })));
  const res = await postEvent(t, JSON.stringify(event));
  expect(res.body.outcome).toBe('paid');
  expect((await orderRow(t, order.id)).status).toBe('paid');
});
