import { sync as ical, type VEvent } from 'node-ical';
import request from 'supertest';
import { signOrderToken } from '../../src/shared/keys';
import { startTestApp, type TestApp } from '../helpers/app';
import { postRefund, salesOrderPaid } from '../helpers/payments';
import { deliveryOf, mailParts, mailsOfKind, runJobs } from '../helpers/fulfilment';
import { seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
let admin: string;
let finance: string;
beforeAll(async () => {
  t = await startTestApp();
  [sales, admin, finance] = await Promise.all([staffToken(t, ['sales']), staffToken(t, ['admin']), staffToken(t, ['finance'])]);
});
afterAll(() => t.close());

const START = '2027-03-04T08:00:00.000Z';
const END = '2027-03-05T16:00:00.000Z';
const setSession = (changes: Record<string, unknown>) => request(t.app).patch('/api/admin/products/TRN-ADMIN').set('Authorization', `Bearer ${admin}`).send(changes);
const name = async (orderId: string, seatId: string, person: Record<string, unknown>) =>
  request(t.app)
    .patch(`/api/orders/${orderId}/attendees/${seatId}`)
    .set('Authorization', `Bearer ${await signOrderToken(t.ctx.keys, orderId)}`)
    .send(person);
const twoSeats = async () => {
  const order = await salesOrderPaid(t, { items: [{ sku: 'TRN-ADMIN', quantity: 2 }] }, {});
  await runJobs(t);
  return { order, seats: (await deliveryOf(t, order.id)).seats };
};
const invitationsTo = (email: string) => mailsOfKind(t, 'attendee_invitation').filter((m) => m.text.includes(`To: ${email}`));

beforeAll(async () => {
  expect((await setSession({ starts_at: START, ends_at: END, time_zone: 'Europe/Berlin' })).status).toBe(200);
});

describe('training seats', () => {
  it('come one per seat; each named attendee gets one invitation whose .ics holds the right UTC instant', async () => {
    const { order, seats } = await twoSeats();
    expect(seats.map((s) => [s.seat_no, s.name])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(mailsOfKind(t, 'seats_delivered').filter((m) => m.file.startsWith(`${order.number}-`))).toHaveLength(1);

    const named = await name(order.id, seats[0]!.id, { name: 'Katherine Johnson', email: 'katherine@example.com' });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ name: 'Katherine Johnson', email: 'katherine@example.com', changeable_until: START });
    await name(order.id, seats[0]!.id, { name: 'Katherine Johnson', email: 'katherine@example.com' });
    await runJobs(t);

    const [mail, ...more] = invitationsTo('katherine@example.com');
    expect(more).toHaveLength(0);
    expect(mail!.text).toContain('https://training.handoff.example/admin');
    const ics = mailParts(mail!.raw).find((p) => p.filename === 'invite.ics')!;
    const [event] = Object.values(ical.parseICS(ics.body.toString('utf8'))).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(event!.start.toISOString()).toBe(START);
    expect(event!.end!.toISOString()).toBe(END);
    expect(event!.summary).toBe('Administrator training (2 days)');
    // The local time in the text is the event's zone: 09:00 in Berlin in winter.
    expect(mail!.text).toMatch(/09:00 \(Europe\/Berlin\)/);
  });

  it('can be given to someone else before the cutoff (a new invitation), and not after it', async () => {
    const { order, seats } = await twoSeats();
    await name(order.id, seats[1]!.id, { name: 'Dorothy Vaughan', email: 'dorothy@example.com' });
    const changed = await name(order.id, seats[1]!.id, { name: 'Mary Jackson', email: 'mary@example.com' });
    expect(changed.status).toBe(200);
    await runJobs(t);
    // The invitation to the person replaced before it went out is skipped; the new one is sent.
    expect(invitationsTo('mary@example.com')).toHaveLength(1);
    expect(invitationsTo('dorothy@example.com')).toHaveLength(0);

    await setSession({ starts_at: new Date(Date.now() - 3_600_000).toISOString(), ends_at: new Date(Date.now() + 3_600_000).toISOString() });
    const late = await name(order.id, seats[1]!.id, { name: 'Someone Else', email: 'else@example.com' });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'attendee_change_closed', errors: [expect.objectContaining({ path: 'seat_id' })] });
    await setSession({ starts_at: START, ends_at: END });
  });

  it('refuse a malformed attendee naming the field, and a wrong order token', async () => {
    const { order, seats } = await twoSeats();
    const bad = await name(order.id, seats[0]!.id, { name: 'X', email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'email' })]);
    const other = await request(t.app)
      .patch(`/api/orders/${order.id}/attendees/${seats[0]!.id}`)
      .set('Authorization', `Bearer ${await signOrderToken(t.ctx.keys, seats[0]!.id)}`)
      .send({ name: 'X', email: 'x@example.com' });
    expect(other.status).toBe(401);
  });

  it('are listed for staff per session, also as CSV with formula-looking cells defused', async () => {
    const { order, seats } = await twoSeats();
    await name(order.id, seats[0]!.id, { name: '=HYPERLINK("http://evil")', email: 'eve@example.com' });
    const list = await request(t.app).get('/api/staff/sessions/TRN-ADMIN/attendees').set('Authorization', `Bearer ${sales}`);
    expect(list.status).toBe(200);
    expect(list.body.attendees).toEqual(expect.arrayContaining([expect.objectContaining({ order_number: order.number, seat_no: 1, email: 'eve@example.com' })]));
    const csv = await request(t.app).get('/api/staff/sessions/TRN-ADMIN/attendees.csv').set('Authorization', `Bearer ${sales}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('attendees-TRN-ADMIN.csv');
    expect(csv.text.split('\r\n')[0]).toBe('order_number,seat_no,name,email,updated_at');
    expect(csv.text).toContain(`${order.number},1,"'=HYPERLINK(""http://evil"")",eve@example.com,`);
    expect((await request(t.app).get('/api/staff/sessions/TRN-ADMIN/attendees').set('Authorization', `Bearer ${finance}`)).status).toBe(403);
  });

  it('are given back by a full refund: off the list, the seats for sale again', async () => {
    const { order, seats } = await twoSeats();
    await name(order.id, seats[0]!.id, { name: 'Ada Refunded', email: 'ada.refunded@example.com' });
    const before = await seatsTaken(t, 'TRN-ADMIN');
    expect((await postRefund(t, finance, order.id, { amount: order.total, method: 'bank_transfer', reference: 'all back' })).status).toBe(201);
    await runJobs(t);
    expect((await deliveryOf(t, order.id)).seats.every((s) => s.released_at !== null)).toBe(true);
    expect(await seatsTaken(t, 'TRN-ADMIN')).toBe(before - 2);
    const list = await request(t.app).get('/api/staff/sessions/TRN-ADMIN/attendees').set('Authorization', `Bearer ${sales}`);
    expect(list.body.attendees.map((a: { order_number: string }) => a.order_number)).not.toContain(order.number);
    expect((await name(order.id, seats[1]!.id, { name: 'Too Late', email: 'late@example.com' })).body.code).toBe('seat_released');
  });
});
