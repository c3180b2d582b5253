/** The set-wise SQL behind `seedOrders`, one temp table per step. Each order's random draws are
 * taken once (r_* columns) and reused, so every later step agrees with the order it describes. */

const pick = (values: string[], r: string) => `(array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}])[1 + floor(${r} * ${values.length})::int]`;

const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Emma',
  'François',
  'Greta',
  'Hiro',
  'Ingrid',
  'José',
  'Kateřina',
  'Liam',
  'Mía',
  'Noah',
  'Olivia',
  'Paweł',
  'Quinn',
  'Søren',
  'Yuki',
  'Zoë',
];
const LAST = ['Müller', "O'Brien", 'Smith', 'García', 'van der Berg', 'Nguyễn', 'Rossi', 'Dubois', 'Kowalski', 'Tanaka', 'Johansson', 'Brown', 'Schmidt, Jr.', 'Martin', 'Yamada'];
const COMPANIES = ['Acme GmbH', 'Globex Ltd', 'Initech, Inc.', 'Umbrella KK', 'Stark Industries', 'Wayne Enterprises', 'Soylent "Green" Corp', 'Tyrell BV'];
const REASONS = ['requested_by_customer', 'duplicate', 'seats not used', 'goodwill', 'wrong plan ordered'];

/** Active products priced in the seeded currencies, numbered per currency. */
export const SEED_CATALOG = `
  select pp.currency, p.sku, p.name, pp.unit_amount, p.capacity is null as unlimited,
         row_number() over (partition by pp.currency order by p.sku)::int as idx,
         count(*) over (partition by pp.currency)::int as n
  from product_prices pp join products p on p.sku = pp.sku
  where p.active and pp.currency in ('USD', 'EUR', 'GBP', 'JPY')`;

const CARD_STATUS = `case when r_status < 0.01 then 'pending_payment' when r_status < 0.11 then 'expired'
  when r_status < 0.12 then 'cancelled' when r_status < 0.80 then 'paid' when r_status < 0.88 then 'partially_refunded'
  when r_status < 0.95 then 'refunded' else 'disputed' end`;
const SALES_STATUS = `case when r_status < 0.06 then 'awaiting_offline_payment' when r_status < 0.18 then 'expired'
  when r_status < 0.25 then 'cancelled' when r_status < 0.87 then 'paid' when r_status < 0.93 then 'partially_refunded'
  else 'refunded' end`;

/** Who ordered what, how and when. Chunk `part` of `parts` covers its own slice of the year, and
 * ids are UUIDv7 (time first): each chunk then appends to the time-ordered indexes instead of
 * writing all over them, which is what keeps a million orders fast. */
export const orderShape = (count: number, part: number, parts: number) => `
  with pool as (
    select array_agg(w.currency) as currencies
    from (values ('USD', 3), ('EUR', 3), ('GBP', 1), ('JPY', 1)) w(currency, weight)
    cross join lateral generate_series(1, w.weight)
    where w.currency in (select currency from seed_catalog)
  ), drawn as (
    select random() as r_status, random() as r_time, random() as r_pay, random() as r_refund,
           random() as r_lines, random() as r_first, random() as r_country,
           case when random() < 0.7 then 'card' else 'sales' end as payment_method,
           pool.currencies[1 + floor(random() * cardinality(pool.currencies))::int] as currency,
           ${pick(FIRST, 'random()')} || ' ' || ${pick(LAST, 'random()')} as customer_name,
           case when random() < 0.4 then ${pick(COMPANIES, 'random()')} end as customer_company,
           'buyer' || floor(random() * 1e9)::bigint || '@' || ${pick(['example.com', 'example.org', 'example.net'], 'random()')} as customer_email,
           random() < 0.2 as marketing_opt_in
    from generate_series(1, ${Math.trunc(count)}), pool
  ), statused as (
    select d.*, case d.payment_method when 'card' then ${CARD_STATUS} else ${SALES_STATUS} end as status,
           case d.currency when 'USD' then ${pick(['US', 'US', 'US', 'CA', 'AU', 'SG', 'MX'], 'r_country')}
             when 'EUR' then ${pick(['DE', 'DE', 'FR', 'FR', 'NL', 'ES', 'IT', 'AT', 'IE'], 'r_country')}
             when 'GBP' then 'GB' else 'JP' end as customer_country,
           case d.payment_method when 'card' then interval '30 minutes' else interval '14 days' end as hold
    from drawn d
  ), dated as (
    select s.*, s.status in ('paid', 'partially_refunded', 'refunded', 'disputed') as paid,
           case s.status when 'pending_payment' then now() - r_time * interval '25 minutes'
             when 'awaiting_offline_payment' then now() - r_time * interval '13 days'
             else now() - interval '365 days' * (1 - (${Math.trunc(part)} + r_time) / ${Math.trunc(parts)}) end as created_at
    from statused s
  )
  select ${uuidV7('h.ms_hex')} as id, h.* from (select d.*, ${msHex('d.created_at')} as ms_hex from dated d) h`;

/** A UUIDv7: 48 bits of Unix milliseconds, then the random bits of a v4 with the version set to 7. */
/** A payment's or refund's id: its order's time-first prefix, then bits of its own, so these
 * primary keys are appended to in order too. */
const childId = (orderId: string, salt: string) => `(left(${orderId}::text, 24) || left(md5(${orderId}::text || ${salt}), 12))::uuid`;
const msHex = (at: string) => `lpad(to_hex(floor(extract(epoch from ${at}) * 1000)::bigint), 12, '0')`;
const uuidV7 = (hex: string) => `(substr(${hex}, 1, 8) || '-' || substr(${hex}, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid`;

/** One to three different catalog products per order, taxed at the customer's country rate the
 * way checkout taxes a line (half up to the minor unit). */
export const SEED_LINES = `
  select o.id as order_id, j as line_no, c.sku, c.name, q.quantity, c.unit_amount, c.unit_amount * q.quantity as amount,
         coalesce(tr.rate_bp, 0) as tax_rate_bp, (c.unit_amount * q.quantity * coalesce(tr.rate_bp, 0) + 5000) / 10000 as tax_amount
  from seed_o o
  join seed_catalog c0 on c0.currency = o.currency and c0.idx = 1
  cross join lateral generate_series(1, 1 + floor(o.r_lines * least(3, c0.n))::int) j
  join seed_catalog c on c.currency = o.currency and c.idx = 1 + (floor(o.r_first * c0.n)::int + j - 1) % c0.n
  cross join lateral (select 1 + floor(random() * case when c.unlimited then 5 else 2 end)::int as quantity) q
  left join tax_rates tr on tr.country = o.customer_country and tr.region = '' and tr.valid_to is null`;

/** Amounts and dates the order row needs, from its lines and its status. */
export const SEED_TOTALS = `
  select o.*, t.subtotal, t.tax, t.subtotal + t.tax as total,
         case when o.paid then t.subtotal + t.tax else 0 end as amount_paid,
         case o.status when 'refunded' then t.subtotal + t.tax
           when 'partially_refunded' then 1 + floor(o.r_refund * (t.subtotal + t.tax - 1))::bigint else 0 end as amount_refunded,
         case when o.paid then least(now(), o.created_at + case o.payment_method when 'card' then interval '1 minute' * (1 + o.r_pay * 10)
           else interval '1 day' * (1 + o.r_pay * 12) end) end as paid_at,
         case when o.status = 'refunded' and o.r_refund < 0.3 then 2 else 1 end as refund_parts
  from seed_o o
  join (select order_id, sum(amount)::bigint as subtotal, sum(tax_amount)::bigint as tax from seed_l group by order_id) t on t.order_id = o.id`;

/** As checkout numbers orders (HO-<year>-<at least six digits>), from the shared sequence. */
const NUMBER = `'HO-' || to_char(created_at at time zone 'UTC', 'YYYY') || '-' || case when seq < 100000 then lpad(seq::text, 6, '0') else seq::text end`;

/** Numbers follow creation time within a chunk (the subquery is sorted before nextval runs). */
export const INSERT_ORDERS = `
  insert into orders (id, number, status, payment_method, currency, subtotal, tax, total, amount_paid, amount_refunded,
    customer_name, customer_email, customer_company, customer_country, marketing_opt_in, offline_reference,
    processor_session_id, processor_payment_intent, processor_charge, hold_expires_at, created_at, updated_at, paid_at, closed_at)
  select id, ${NUMBER}, status, payment_method, currency, subtotal, tax, total, amount_paid, amount_refunded,
    customer_name, customer_email, customer_company, customer_country, marketing_opt_in,
    case when payment_method = 'sales' then 'REF-' || ${NUMBER} end,
    case when payment_method = 'card' then 'cs_seed_' || replace(id::text, '-', '') end,
    case when payment_method = 'card' and paid then 'pi_seed_' || replace(id::text, '-', '') end,
    case when payment_method = 'card' and paid then 'ch_seed_' || replace(id::text, '-', '') end,
    created_at + hold, created_at, coalesce(closed_at, paid_at, created_at), paid_at, closed_at
  from (
    select t.*, nextval('order_number_seq') as seq,
           case when t.status in ('expired', 'cancelled') then least(now(), t.created_at + t.hold)
             when t.status = 'refunded' then least(now(), t.paid_at + interval '1 day' * (t.refund_parts - 1 + t.r_refund * 60)) end as closed_at
    from seed_t t order by t.created_at
  ) n`;

export const INSERT_LINES = `
  insert into order_items (order_id, line_no, sku, name, quantity, unit_amount, amount, tax_rate_bp, tax_amount)
  select order_id, line_no, sku, name, quantity, unit_amount, amount, tax_rate_bp, tax_amount from seed_l order by order_id, line_no`;

/** Paid orders received exactly their total: by card through the processor, else by transfer,
 * cheque or purchase order with the reference sales typed in. */
export const INSERT_PAYMENTS = `
  insert into payments (id, order_id, amount, currency, method, reference, processor_payment_intent, recorded_by, created_at)
  select ${childId('id', "'p'")}, id, total, currency, m.method,
         case when m.method <> 'card' then upper(left(m.method, 2)) || '-' || upper(substr(md5(id::text), 1, 10)) end,
         case when m.method = 'card' then 'pi_seed_' || replace(id::text, '-', '') end,
         case when m.method = 'card' then 'processor' else 'staff:seed-sales' end, paid_at
  from seed_t cross join lateral (select case when payment_method = 'card' then 'card'
    else ${pick(['bank_transfer', 'bank_transfer', 'bank_transfer', 'check', 'purchase_order', 'other'], 'r_pay')} end as method) m
  where paid order by id`;

/** Refunds add up to amount_refunded: one, or for some full refunds two halves a day apart. */
export const INSERT_REFUNDS = `
  insert into refunds (id, order_id, amount, currency, reason, method, reference, processor_refund_id, status, requested_by, created_at, settled_at)
  select ${childId('t.id', "'r' || k")}, t.id, case when t.refund_parts = 1 then t.amount_refunded when k = 1 then t.amount_refunded / 2 else t.amount_refunded - t.amount_refunded / 2 end,
         t.currency, ${pick(REASONS, 't.r_pay')}, case t.payment_method when 'card' then 'card' else 'bank_transfer' end,
         case when t.payment_method = 'sales' then 'RF-' || upper(substr(md5(t.id::text || k), 1, 10)) end,
         case when t.payment_method = 'card' then 're_seed_' || substr(md5(t.id::text || k), 1, 24) end,
         'succeeded', 'staff:seed-finance', r.at, r.at
  from seed_t t cross join lateral generate_series(1, t.refund_parts) k
  cross join lateral (select least(now(), t.paid_at + interval '1 day' * (k - 1 + t.r_refund * 60)) as at) r
  where t.amount_refunded > 0 order by t.id, k`;
