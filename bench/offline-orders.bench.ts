import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestApp } from '../test/helpers/app';
import type { Bench, BenchRow } from './harness';
import { pgbenchTps } from './pgbench';
import { scriptedLoad } from './scripted-load';

const CONNECTIONS = [8, 32, 128];
const SECONDS = 10;
/** Each level first runs this long unmeasured: at 128 connections the first answers take seconds
 * (requests queue for the pool), and a window that starts cold would measure the queue filling. */
const WARM_UP_SECONDS = 4;
const POOL_MAX = 10; // DATABASE_POOL_MAX's default: the app as it ships
/** One licence paid via sales; `npm run bench:instructions -- sales-orders` sends the same. */
export const ORDER = {
  items: [{ sku: 'SW-STD', quantity: 1 }],
  currency: 'EUR',
  payment_method: 'sales',
  customer: { name: 'Bench Shopper', email: 'bench@example.com', country: 'DE' },
};

/** Every request carries a fresh Idempotency-Key, so each one places a new order. */
const LOAD = `
const { randomUUID } = require('node:crypto');
autocannon({ url: o.url, connections: o.connections, duration: o.seconds, timeout: 60, requests: [{
  method: 'POST', path: '/api/orders', headers: { 'content-type': 'application/json' }, body: o.body,
  setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
}] }, done);`;

/**
 * The statements one such request sends (idempotency claim, the order transaction with its lines,
 * history and the two notification emails and jobs, then the lines read back and the stored answer),
 * as captured from the app, in one transaction. Unique values come from the sequence and gen_random_uuid.
 * Re-captured with log_statement = all on 2026-12-02 (the tax rate lookup and the pro-forma are new;
 * the lines come back from their insert). Re-capture it when the order path's SQL changes (the seat lock takes no row for a seat-less sku).
 */
const PGBENCH_SCRIPT = String.raw`\set k random(1, 9000000000000000)
BEGIN;
insert into idempotency_keys (scope, key_hash, request_hash, state, locked_until) values ('orders', sha256('pgb-:client_id-:k'::bytea), 'e555ac9e0f7b665a87fd317bc5d2af7fa805f03c15d4e808daf196d1b1b5b1ea', 'running', now() + '60000 milliseconds'::interval) on conflict (scope, key_hash) do nothing returning *;
select sku from products where sku in ('SW-STD') and capacity is not null order by sku for update;
select products.sku, products.name, products.capacity, products.seats_taken, products.active, product_prices.unit_amount from products left join product_prices on product_prices.sku = products.sku and product_prices.currency = 'EUR' where products.sku in ('SW-STD') order by products.sku;
select country, region, rate_bp, label, to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to from tax_rates where country in ('DE') and valid_from <= current_date and (valid_to is null or valid_to >= current_date);
select nextval('order_number_seq')::text as n \gset
insert into orders (number, status, payment_method, currency, subtotal, tax, total, customer_name, customer_email, customer_company, customer_country, customer_phone, marketing_opt_in, contact_me, gpc, seats_held, hold_expires_at, offline_reference) values ('PGB-:n', 'awaiting_offline_payment', 'sales', 'EUR', 4500, 855, 5355, 'Bench Shopper', 'bench@example.com', null, 'DE', null, false, false, false, false, now() + interval '14 days', 'PGB-:n') returning * \gset o_
insert into order_items (line_no, sku, name, quantity, unit_amount, amount, tax_rate_bp, tax_amount, order_id) values (1, 'SW-STD', 'Handoff Suite Standard', 1, 4500, 4500, 1900, 855, ':o_id') returning *;
insert into order_history (order_id, actor, event, from_status, to_status, detail) values (':o_id', 'shopper', 'created', null, 'awaiting_offline_payment', null);
update idempotency_keys set resource_id = ':o_id', updated_at = now() where scope = 'orders' and key_hash = sha256('pgb-:client_id-:k'::bytea);
insert into emails (dedupe_key, order_id, kind, recipient, detail) values (':o_id:order_received', ':o_id', 'order_received', 'shopper', '{}') on conflict on constraint emails_dedupe_key do nothing returning id \gset e1_
insert into jobs (kind, payload, dedupe_key, run_at, max_attempts) values ('email.send', '{"emailId": :e1_id}', 'email:' || ':o_id:order_received', now(), 30) on conflict (dedupe_key) do nothing;
insert into emails (dedupe_key, order_id, kind, recipient, detail) values (':o_id:sales_new_order', ':o_id', 'sales_new_order', 'sales', '{}') on conflict on constraint emails_dedupe_key do nothing returning id \gset e2_
insert into jobs (kind, payload, dedupe_key, run_at, max_attempts) values ('email.send', '{"emailId": :e2_id}', 'email:' || ':o_id:sales_new_order', now(), 30) on conflict (dedupe_key) do nothing;
insert into invoice_documents (order_id, kind, number, currency, net, tax, gross, content, content_sha256) values (':o_id', 'proforma', 'PF-PGB-:n', 'EUR', 4500, 855, 5355, '{"net": 4500, "tax": 855, "kind": "proforma", "note": null, "buyer": {"name": "Bench Shopper", "email": "bench@example.com", "region": null, "vat_id": null, "company": null, "country": "DE"}, "gross": 5355, "lines": [{"sku": "SW-STD", "name": "Handoff Suite Standard", "amount": 4500, "quantity": 1, "tax_amount": 855, "tax_country": "DE", "tax_rate_bp": 1900, "unit_amount": 4500}], "number": "PF-PGB-:n", "currency": "EUR", "issued_on": "2026-12-02", "po_number": null, "tax_by_rate": [{"net": 4500, "tax": 855, "country": "DE", "rate_bp": 1900}], "order_number": "PGB-:n", "payment_reference": "PGB-:n"}', 'ab02d99b654e1684866f6f51fa0c0348e03a88782f08fff8f7b1f71c61037c61') on conflict do nothing returning id;
update idempotency_keys set state = 'done', response_status = 201, response_body = '{"order":{"id":":o_id","number":"PGB-:n","status":"awaiting_offline_payment","payment_method":"sales","currency":"EUR","items":[{"sku":"SW-STD","name":"Handoff Suite Standard","quantity":1,"unit_amount":4500,"amount":4500}],"subtotal":4500,"tax":855,"total":5355,"amount_paid":0,"amount_refunded":0,"created_at":"2026-11-29T14:02:37.418Z","paid_at":null},"next":{"type":"offline","reference":"PGB-:n","instructions":"Please pay by bank transfer to Handoff Demo Ltd, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, quoting reference PGB-:n. Cheques and purchase orders: our sales team will contact you."}}', locked_until = null, updated_at = now() where scope = 'orders' and key_hash = sha256('pgb-:client_id-:k'::bytea);
END;
`;

/** pgbench needs one server connection per client; the server's max_connections may allow fewer. */
async function freeConnections(dbUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ free: number }>("select current_setting('max_connections')::int - (select count(*) from pg_stat_activity)::int as free");
    return rows[0]!.free;
  } finally {
    await client.end();
  }
}

const bench: Bench = {
  name: 'offline-orders',
  async run() {
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const t = await startTestApp({ LOG_LEVEL: 'warn', RATE_LIMIT_ORDERS_PER_MINUTE: '1000000000' }, { poolMax: POOL_MAX });
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    const script = path.join(dir, 'offline-order.sql');
    writeFileSync(script, PGBENCH_SCRIPT);
    const rows: BenchRow[] = [];
    const load = (connections: number, seconds: number) => scriptedLoad(LOAD, { url: t.baseUrl, connections, seconds, body: JSON.stringify(ORDER) });
    try {
      for (const connections of CONNECTIONS) {
        await load(connections, WARM_UP_SECONDS);
        const ours = await load(connections, SECONDS);
        const clients = Math.min(connections, (await freeConnections(t.database.url)) - 5);
        const reference = await pgbenchTps(t.database.url, script, clients, SECONDS);
        rows.push({
          name: `POST /api/orders, pay via sales (${connections} connections)`,
          value: ours.perSec,
          unit: 'orders/s',
          reference: { name: `pgbench, same statements in one transaction, ${clients} clients`, value: reference },
          better: 'higher',
          note: `app pool ${POOL_MAX}; p99 ${ours.p99} ms; non-2xx ${ours.non2xx}, errors ${ours.errors}${clients < connections ? `; pgbench capped by max_connections` : ''}`,
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
