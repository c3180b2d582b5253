import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../helpers/app';
import { ConsoleBrowser } from '../helpers/console';
import { deliveryOf, runJobs } from '../helpers/fulfilment';
import { postRefund, salesOrderPaid } from '../helpers/payments';
import { staffToken } from '../helpers/staff-token';
import { when } from '../../src/console/format';

let t: TestApp;
let door: ConsoleBrowser;
beforeAll(async () => {
  t = await startTestApp();
  door = new ConsoleBrowser(t);
  await door.signIn(['door'], 'door-dan');
});
afterAll(() => t.close());

/** A paid order for the summit, delivered: its tickets with the tokens their QR codes hold. */
async function tickets(quantity = 1) {
  const order = await salesOrderPaid(t, { items: [{ sku: 'EVT-SUMMIT', quantity }] }, {});
  await runJobs(t);
  return { order, tickets: (await deliveryOf(t, order.id)).tickets };
}

const resultOf = (text: string) => /data-result="([a-z_]+)"/.exec(text)?.[1];

describe('the console door page', () => {
  it('opens for door staff from the console start and the navigation, with one labelled, focused field', async () => {
    const home = await door.get('/console');
    expect(home.headers.location).toBe('/console/door');
    const res = await door.get('/console/door');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<a href="\/console\/door"\s+aria-current="page">Door<\/a>/);
    expect(res.text).toMatch(/<label for="token">Scanned ticket code<\/label>/);
    expect(res.text).toMatch(/<input\s+id="token"\s+name="token"[^>]*\sautofocus/);
    expect(resultOf(res.text)).toBeUndefined();
  });

  it('admits at the first scan, through the check-in service, and says when at the next', async () => {
    const {
      tickets: [ticket],
    } = await tickets();
    const first = await door.post('/console/door', { token: ticket!.token });
    expect(first.status).toBe(200);
    expect(resultOf(first.text)).toBe('admitted');
    expect(first.text).toContain('Admitted');
    expect(first.text).toContain(`Ticket <strong>${ticket!.code}</strong> · seat <strong>1</strong>`);
    // The field is back, empty and focused, for the next scan; the token is never echoed.
    expect(first.text).toMatch(/<input\s+id="token"[^>]*\sautofocus/);
    expect(first.text).not.toContain(ticket!.token);

    const row = await t.ctx.db.selectFrom('tickets').select(['checked_in_at', 'checked_in_by']).where('id', '=', ticket!.id).executeTakeFirstOrThrow();
    expect(row.checked_in_by).toBe('staff:door-dan');
    const events = await t.ctx.db
      .selectFrom('merchant_events')
      .select('id')
      .where('type', '=', 'ticket.checked_in')
      .where(sql<string>`data->>'ticket_id'`, '=', ticket!.id)
      .execute();
    expect(events).toHaveLength(1);

    const again = await door.post('/console/door', { token: ticket!.token });
    expect(again.status).toBe(409);
    expect(resultOf(again.text)).toBe('already_checked_in');
    const at = new Date(row.checked_in_at!).toISOString();
    expect(again.text).toContain(`Already checked in at <time datetime="${at}">${when(at)} UTC</time>`);
    expect(again.text).toContain(ticket!.code);
  });

  it('refuses a refunded ticket', async () => {
    const {
      order,
      tickets: [ticket],
    } = await tickets();
    const finance = await staffToken(t, ['finance']);
    expect((await postRefund(t, finance, order.id, { amount: order.total, method: 'bank_transfer', reference: 'refund all' })).status).toBe(201);
    await runJobs(t);
    const res = await door.post('/console/door', { token: ticket!.token });
    expect(res.status).toBe(409);
    expect(resultOf(res.text)).toBe('refused');
    expect(res.text).toContain(`Ticket ${ticket!.code} was refunded and is no longer valid: do not admit.`);
  });

  it('refuses garbage, an altered code and an empty scan with a clear message, never a 5xx', async () => {
    const {
      tickets: [ticket],
    } = await tickets();
    for (const token of ['not a ticket', `${ticket!.token.slice(0, -3)}abc`, '', '<script>alert(1)</script>']) {
      const res = await door.post('/console/door', { token });
      expect({ token, status: res.status, result: resultOf(res.text) }).toEqual({ token, status: 422, result: 'refused' });
      expect(res.text).toContain('Not a valid ticket: This is not a ticket of ours, or it was altered.');
      expect(res.text).not.toContain('<script>alert(1)</script>');
    }
    const long = await door.post('/console/door', { token: 'x'.repeat(5000) });
    expect(long.status).toBe(422);
    expect(long.text).toContain('<strong>token</strong>');
    const untouched = await t.ctx.db.selectFrom('tickets').select('checked_in_at').where('id', '=', ticket!.id).executeTakeFirstOrThrow();
    expect(untouched.checked_in_at).toBeNull();
  });

  it('refuses a scan without the CSRF token, and admits nobody', async () => {
    const {
      tickets: [ticket],
    } = await tickets();
    const res = await door.post('/console/door', { token: ticket!.token }, { csrf: false });
    expect(res.status).toBe(403);
    const row = await t.ctx.db.selectFrom('tickets').select('checked_in_at').where('id', '=', ticket!.id).executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });

  it('is closed to a sales-only session, which has no Door link; an admin has both', async () => {
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    expect((await clerk.get('/console/sales')).text).not.toContain('/console/door');
    expect((await clerk.get('/console/door')).status).toBe(403);
    const {
      tickets: [ticket],
    } = await tickets();
    expect((await clerk.post('/console/door', { token: ticket!.token })).status).toBe(403);
    const admin = new ConsoleBrowser(t);
    await admin.signIn(['admin']);
    expect((await admin.get('/console/admin')).text).toContain('href="/console/door"');
    expect((await admin.post('/console/door', { token: ticket!.token })).status).toBe(200);
  });
});
