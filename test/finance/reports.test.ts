import request from 'supertest';
import { sql } from 'kysely';
import { guardAnswers, staffToken } from '../helpers/staff-token';
import { exportCsv } from '../helpers/csv';
import { useTestApp, type TestApp } from '../helpers/app';
import { postRefund, salesOrderPaid } from '../helpers/payments';

let t: TestApp;
// Pages of one row where exports are read in pages (embedded): every row after the first is found
// by its keyset (issued_at or refunded_at, then id).
useTestApp((app) => (t = app), { FINANCE_EXPORT_BATCH_ROWS: '1' });

const REFUNDS = '/api/finance/refunds.csv';
const INVOICES = '/api/finance/invoices.csv';
const SUMMARY = '/api/finance/summary';
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

let finance: string;
type Order = { id: string; number: string; total: number };
const o: Record<'de' | 'fr' | 'gb' | 'unpaid', Order> = {} as never;

/** Moves what happened today into the past, as the books would have it: the tests cannot wait for
 * March. Only the dates the reports filter on change (issued_at, a refund's created_at and
 * settled_at); documents as issued stay byte for byte. */
async function dated(table: 'invoice_documents' | 'refunds', where: string, id: string, at: string) {
  const set = table === 'refunds' ? sql`created_at = ${at}::timestamptz, settled_at = ${at}::timestamptz` : sql`issued_at = ${at}::timestamptz`;
  await sql`update ${sql.table(table)} set ${set} where ${sql.ref(where)} = ${id}`.execute(t.ctx.db);
}

async function refund(order: Order, amount: number, reference: string): Promise<string> {
  const res = await postRefund(t, finance, order.id, { amount, method: 'bank_transfer', reference });
  expect(res.status).toBe(201);
  return (res.body as { id?: string; refund?: { id: string } }).refund?.id ?? (res.body as { id: string }).id;
}

beforeAll(async () => {
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  o.de = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
  o.fr = await salesOrderPaid(t, { currency: 'EUR', items: [{ sku: 'SW-STD', quantity: 1 }] }, { country: 'FR' });
  o.gb = await salesOrderPaid(t, { currency: 'GBP' }, { country: 'GB' });
  o.unpaid = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' }, false);
  // All three paid in January; the German order's part refund came in March, the British order's
  // full refund in January.
  // A minute apart, in the order they were paid: rows sort by issued_at (then id, which is random).
  for (const [n, x] of [o.de, o.fr, o.gb].entries()) await dated('invoice_documents', 'order_id', x.id, `2026-01-15T10:0${n}:00Z`);
  const march = await refund(o.de, 5000, 'RF-MARCH');
  await dated('refunds', 'id', march, '2026-03-10T09:00:00Z');
  await dated('invoice_documents', 'refund_id', march, '2026-03-10T09:00:00Z');
  const january = await refund(o.gb, o.gb.total, 'RF-JAN');
  await dated('refunds', 'id', january, '2026-01-20T09:00:00Z');
  await dated('invoice_documents', 'refund_id', january, '2026-01-20T09:00:00Z');
});

/** A CSV decimal back in minor units, exactly (no floating point): EUR and GBP have two digits. */
const minor = (cell: string) => {
  const [whole, frac = ''] = cell.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};
const invoiceNumberOf = async (orderId: string) =>
  (await t.ctx.db.selectFrom('invoice_documents').select('number').where('order_id', '=', orderId).where('kind', '=', 'invoice').executeTakeFirstOrThrow()).number;

describe('the refunds export', () => {
  it('dates a refund when it happened: a March refund of a January order is in March, with its credit note', async () => {
    const { header, records } = await exportCsv(t, REFUNDS, finance, MARCH);
    expect(header).toEqual(['refunded_at', 'requested_at', 'order_number', 'currency', 'amount', 'method', 'reference', 'reason', 'credit_note_number', 'invoice_number']);
    expect(records).toEqual([
      {
        refunded_at: '2026-03-10T09:00:00Z',
        requested_at: '2026-03-10T09:00:00Z',
        order_number: o.de.number,
        currency: 'EUR',
        amount: '50.00',
        method: 'bank_transfer',
        reference: 'RF-MARCH',
        reason: '',
        credit_note_number: expect.stringMatching(/^CN-\d{4}-\d{6}$/),
        invoice_number: await invoiceNumberOf(o.de.id),
      },
    ]);
    const january = (await exportCsv(t, REFUNDS, finance, JANUARY)).records;
    expect(january.map((r) => [r.order_number, r.currency, minor(r.amount!)])).toEqual([[o.gb.number, 'GBP', o.gb.total]]);
  });
});

describe('the invoices export', () => {
  it('has one row per invoice and credit note of the period, no pro-formas, with tax per rate', async () => {
    const { header, records } = await exportCsv(t, INVOICES, finance, JANUARY);
    expect(header).toEqual(['number', 'kind', 'issued_at', 'order_number', 'refers_to', 'customer_country', 'currency', 'net', 'tax', 'gross', 'tax_by_rate']);
    expect(records.map((r) => [r.kind, r.order_number])).toEqual([
      ['invoice', o.de.number],
      ['invoice', o.fr.number],
      ['invoice', o.gb.number],
      ['credit_note', o.gb.number],
    ]);
    const de = records[0]!;
    expect(minor(de.gross!)).toBe(o.de.total);
    expect(minor(de.net!) + minor(de.tax!)).toBe(minor(de.gross!));
    expect(de.tax_by_rate).toBe(`DE 19.00%: ${de.tax} on ${de.net}`);
    expect(records[1]!.tax_by_rate).toMatch(/^FR 20\.00%: /);
    expect(records[3]).toMatchObject({ refers_to: records[2]!.number, gross: records[2]!.gross, tax_by_rate: '' });
    const march = (await exportCsv(t, INVOICES, finance, MARCH)).records;
    expect(march).toEqual([expect.objectContaining({ kind: 'credit_note', order_number: o.de.number, gross: '50.00', refers_to: de.number })]);
  });
});

/** The summary as the two exports' rows add up, computed here from the CSVs alone. */
async function summedFromExports(query: Record<string, string>) {
  const invoices = (await exportCsv(t, INVOICES, finance, query)).records;
  const refunds = (await exportCsv(t, REFUNDS, finance, query)).records;
  const currencies = [...new Set([...invoices, ...refunds].map((r) => r.currency!))].sort();
  return currencies.map((currency) => {
    const docs = (kind: string) => {
      const rows = invoices.filter((r) => r.currency === currency && r.kind === kind);
      const sum = (f: string) => rows.reduce((s, r) => s + minor(r[f]!), 0);
      return { count: rows.length, net: sum('net'), tax: sum('tax'), gross: sum('gross') };
    };
    const rates = new Map<string, { country: string | null; rate_bp: number; net: number; tax: number }>();
    for (const r of invoices.filter((x) => x.currency === currency && x.tax_by_rate))
      for (const group of r.tax_by_rate!.split('; ')) {
        const [, country, rate, tax, net] = /^(\w+) (\d+\.\d{2})%: (\S+) on (\S+)$/.exec(group)!;
        const g = rates.get(`${country}:${rate}`) ?? { country: country === 'none' ? null : country!, rate_bp: minor(rate!), net: 0, tax: 0 };
        g.net += minor(net!);
        g.tax += minor(tax!);
        rates.set(`${country}:${rate}`, g);
      }
    const refunded = refunds.filter((r) => r.currency === currency);
    const [inv, cn] = [docs('invoice'), docs('credit_note')];
    return {
      currency,
      invoices: inv,
      credit_notes: cn,
      tax_by_rate: [...rates.values()].sort((a, b) => (a.country ?? '').localeCompare(b.country ?? '') || a.rate_bp - b.rate_bp),
      refunds: { count: refunded.length, amount: refunded.reduce((s, r) => s + minor(r.amount!), 0) },
      gross_sales: inv.gross,
      refunded: cn.gross,
      net: inv.gross - cn.gross,
      tax_due: inv.tax - cn.tax,
    };
  });
}

describe('the period summary', () => {
  it.each([
    ['January', JANUARY],
    ['March', MARCH],
    ['the year', { from: '2026-01-01', to: '2026-12-31' }],
    ['all time', {}],
  ])('%s: per currency, exactly the sums of the invoices and refunds exports', async (_what, query: Record<string, string>) => {
    const res = await request(t.app).get(SUMMARY).query(query).set('Authorization', `Bearer ${finance}`);
    expect(res.status).toBe(200);
    const expected = await summedFromExports(query);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body).toEqual({ from: query.from ?? null, to: query.to ?? null, tz: 'UTC', currencies: expected });
  });

  it('January in figures: sales of both EUR orders, the British sale refunded in full', async () => {
    const body = (await request(t.app).get(SUMMARY).query(JANUARY).set('Authorization', `Bearer ${finance}`)).body;
    const [eur, gbp] = body.currencies;
    expect(eur).toMatchObject({ currency: 'EUR', gross_sales: o.de.total + o.fr.total, refunded: 0, net: o.de.total + o.fr.total });
    expect(eur.tax_by_rate.map((r: { country: string }) => r.country)).toEqual(['DE', 'FR']);
    expect(gbp).toMatchObject({ currency: 'GBP', gross_sales: o.gb.total, refunded: o.gb.total, net: 0, tax_due: 0, refunds: { count: 1, amount: o.gb.total } });
  });
});

describe('bad input and access', () => {
  it.each([REFUNDS, INVOICES, SUMMARY])('%s: 400 naming the field for a bad date, an unknown parameter, to before from', async (path) => {
    for (const [query, field] of [
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '31/01/2026' }, 'to'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
      [{ status: 'paid' }, 'status'],
    ] as const) {
      const res = await request(t.app).get(path).query(query).set('Authorization', `Bearer ${finance}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
    }
  });

  it.each([REFUNDS, INVOICES, SUMMARY])('%s: 401 without a token, 403 without the finance role', async (path) => {
    expect(await guardAnswers(t, path, ['sales', 'admin'])).toEqual({ anonymous: 401, withRoles: 403, type: 'application/problem+json' });
  });

  it('every report is audited: who, which period, how many rows', async () => {
    await exportCsv(t, REFUNDS, finance, MARCH);
    const entry = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'finance.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'staff:fiona', subject_type: 'export', subject_id: 'refunds' });
    expect(entry.detail).toEqual({ filters: { ...MARCH, tz: 'UTC' }, rows: 1 });
    await request(t.app).get(SUMMARY).query(MARCH).set('Authorization', `Bearer ${finance}`);
    const summary = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'finance.summary').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(summary).toMatchObject({ actor: 'staff:fiona', subject_id: 'summary' });
    expect(summary.detail).toEqual({ filters: { ...MARCH, tz: 'UTC' }, currencies: 1 });
  });
});
