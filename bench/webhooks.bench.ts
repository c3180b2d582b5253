import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/database';
import { startTestApp, type TestApp } from '../test/helpers/app';
import type { Bench, BenchRow } from './harness';
import { pgbenchTps } from './pgbench';
import { scriptedLoad } from './scripted-load';

const CONNECTIONS = [8, 32];
const SECONDS = 5;
const POOL_MAX = 10;
/** Pending card orders made for each side; more than either can pay in a run. */
const ORDERS = 40_000;

/** Each request is a signed checkout.session.completed for the next pending order (HMAC as the
 * processor computes it, timestamped now). */
export const WEBHOOK_LOAD = `
const { createHmac } = require('node:crypto');
const ids = JSON.parse(require('node:fs').readFileSync(o.idsFile, 'utf8'));
let next = o.start;
autocannon({ url: o.url, connections: o.connections, duration: o.seconds, requests: [{
  method: 'POST', path: '/api/webhooks/stripe',
  setupRequest: (req) => {
    const n = next++ % ids.length;
    const session = { id: 'cs_bench_app_' + (n + 1), object: 'checkout.session', status: 'complete', payment_status: 'paid',
      amount_total: 4900, currency: 'usd', client_reference_id: ids[n], metadata: { order_id: ids[n] }, payment_intent: 'pi_bench_app_' + (n + 1) };
    const body = JSON.stringify({ id: 'evt_bench_app_' + (n + 1), object: 'event', type: 'checkout.session.completed', api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: session } });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', o.secret).update(t + '.' + body).digest('hex');
    return { ...req, body, headers: { 'content-type': 'application/json', 'stripe-signature': 't=' + t + ',v1=' + v1 } };
  },
}] }, done);`;

/** The statements the app sends for one such event, in one transaction, in its order (captured
 * with log_statement = all on 2026-12-02: the payment, history, merchant event, receipt, delivery
 * job, and the invoice number taken last); the order comes from a sequence so that each
 * transaction pays a distinct one, as the app's do. Re-capture it when the paid path's SQL changes. */
const PGBENCH_SCRIPT = String.raw`select nextval('bench_pgb_seq') as n \gset
BEGIN;
insert into webhook_events (event_id, type, object_id) values ('evt_pgb_:n', 'checkout.session.completed', 'cs_bench_pgb_:n') on conflict (event_id) do nothing returning event_id;
select id as o_id from orders where processor_session_id = 'cs_bench_pgb_:n' for update \gset
insert into payments (order_id, amount, currency, method, reference, processor_payment_intent, recorded_by) values (':o_id', 4900, 'USD', 'card', null, 'pi_pgb_:n', 'webhook') on conflict (processor_payment_intent) where processor_payment_intent is not null do nothing returning id;
update orders set amount_paid = 4900, processor_payment_intent = 'pi_pgb_:n', status = 'paid', paid_at = now(), updated_at = now() where id = ':o_id' returning *;
insert into order_history (order_id, actor, event, from_status, to_status, detail) values (':o_id', 'webhook', 'payment_recorded', null, null, '{"payment_id":"00000000-0000-0000-0000-000000000000","amount":4900,"method":"card"}'), (':o_id', 'webhook', 'status_changed', 'pending_payment', 'paid', null);
with event as (insert into merchant_events (id, type, dedupe_key, data) values ('msg_pgb_:n', 'order.paid', 'order.paid::o_id', '{"tax": 0, "total": 4900, "status": "paid", "currency": "USD", "order_id": ":o_id", "subtotal": 4900, "amount_paid": 4900, "order_number": "BENCH-pgb-:n", "payment_method": "card", "amount_refunded": 0}') on conflict on constraint merchant_events_dedupe_key do nothing returning id), delivery as (insert into merchant_webhook_deliveries (event_id, endpoint_id) select event.id, endpoint.id from event join merchant_webhook_endpoints endpoint on endpoint.active and 'order.paid' = any(endpoint.event_types) on conflict on constraint merchant_webhook_deliveries_once do nothing returning id) select event.id as event_id, delivery.id as delivery_id from event left join delivery on true order by delivery.id;
select * from payments where order_id = ':o_id' order by created_at, id;
insert into emails (dedupe_key, order_id, kind, recipient, detail) values (':o_id:order_paid', ':o_id', 'order_paid', 'shopper', '{"paid_by": [{"at": "2026-12-02T04:35:08.139Z", "amount": 4900, "method": "card"}]}') on conflict on constraint emails_dedupe_key do nothing returning id \gset e_
insert into jobs (kind, payload, dedupe_key, run_at, max_attempts) values ('email.send', '{"emailId": :e_id}', 'email::o_id:order_paid', now(), 30) on conflict (dedupe_key) do nothing;
insert into jobs (kind, payload, dedupe_key, run_at, max_attempts) values ('fulfilment.deliver', '{"orderId": ":o_id"}', 'fulfilment.deliver::o_id', now(), 30) on conflict (dedupe_key) do nothing;
select id from invoice_documents where order_id = ':o_id' and kind = 'invoice';
select * from order_items where order_id = ':o_id' order by line_no;
update webhook_events set processed_at = now(), outcome = 'paid' where event_id = 'evt_pgb_:n';
insert into document_counters (series, year, last_number) values ('invoice-pgb', 2026, 1) on conflict (series, year) do update set last_number = document_counters.last_number + 1 returning last_number \gset
insert into invoice_documents (order_id, kind, number, currency, net, tax, gross, content, content_sha256) values (':o_id', 'invoice', 'PGB-2026-:last_number', 'USD', 4900, 0, 4900, '{"net": 4900, "tax": 0, "kind": "invoice", "note": null, "buyer": {"name": "Bench Shopper", "email": "bench@example.com", "region": null, "vat_id": null, "company": null, "country": "US"}, "gross": 4900, "lines": [], "number": "PGB-2026-:last_number", "currency": "USD", "issued_on": "2026-12-02", "po_number": null, "tax_by_rate": [], "order_number": "BENCH-pgb-:n", "payment_reference": null}', 'a53bcc69599d8cab686775d56696b4ec07e1e96632f61c1b6f5af04c171df2d1') on conflict do nothing returning id;
END;
`;

/** Pending card orders `cs_bench_<side>_1..count`, returned in that order. */
export async function makePendingOrders(db: Kysely<Database>, side: string, count: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    insert into orders (number, status, payment_method, currency, subtotal, tax, total, customer_name, customer_email, customer_country, processor_session_id, hold_expires_at)
    select 'BENCH-' || ${side} || '-' || n, 'pending_payment', 'card', 'USD', 4900, 0, 4900, 'Bench Shopper', 'bench@example.com', 'US', 'cs_bench_' || ${side} || '_' || n, now() + interval '30 minutes'
    from generate_series(1, ${count}::int) as n order by n returning id`.execute(db);
  return rows.map((r) => r.id);
}

const countPaid = async (t: TestApp, side: string) =>
  Number((await sql<{ n: string }>`select count(*)::text as n from orders where status = 'paid' and number like ${`BENCH-${side}-%`}`.execute(t.ctx.db)).rows[0]!.n);

const bench: Bench = {
  name: 'webhooks',
  async run() {
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const t = await startTestApp({ LOG_LEVEL: 'warn' }, { poolMax: POOL_MAX });
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    const idsFile = path.join(dir, 'order-ids.json');
    const script = path.join(dir, 'webhook.sql');
    writeFileSync(idsFile, JSON.stringify(await makePendingOrders(t.ctx.db, 'app', ORDERS)));
    await makePendingOrders(t.ctx.db, 'pgb', ORDERS);
    await sql`create sequence bench_pgb_seq`.execute(t.ctx.db);
    writeFileSync(script, PGBENCH_SCRIPT);
    const rows: BenchRow[] = [];
    const load = (connections: number, seconds: number, start: number) =>
      scriptedLoad(WEBHOOK_LOAD, { url: t.baseUrl, connections, seconds, start, idsFile, secret: t.ctx.webhookSecret });
    try {
      let start = 0;
      await load(8, 1, start); // warm-up
      for (const connections of CONNECTIONS) {
        start = await countPaid(t, 'app');
        const ours = await load(connections, SECONDS, start);
        const paid = (await countPaid(t, 'app')) - start;
        const reference = await pgbenchTps(t.database.url, script, connections, SECONDS);
        rows.push({
          name: `signed checkout.session.completed, distinct orders (${connections} connections)`,
          value: ours.perSec,
          unit: 'events/s',
          reference: { name: `pgbench, same statements in one transaction, ${connections} clients`, value: reference },
          better: 'higher',
          note: `app pool ${POOL_MAX}; orders paid ${paid}; p99 ${ours.p99} ms; non-2xx ${ours.non2xx}, errors ${ours.errors}`,
        });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  },
};
export default bench;
