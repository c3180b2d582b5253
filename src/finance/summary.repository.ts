import type pg from 'pg';
import { checkTimeZone, exportSettings } from './export-batch';
import { exportSource, type ExportKind } from './export.query';
import type { SummaryFilters } from './export.schemas';

export interface SummaryRows {
  documents: Array<{ currency: string; kind: 'invoice' | 'credit_note'; count: string; net: string; tax: string; gross: string }>;
  rates: Array<{ currency: string; country: string | null; rate_bp: string; net: string; tax: string }>;
  refunds: Array<{ currency: string; count: string; amount: string }>;
}

/** Each aggregate over exactly an export's FROM and WHERE (`exportSource`), so the summary is the
 * sum of that export's rows for the same filters by construction. */
function aggregate(kind: ExportKind, filters: SummaryFilters, select: string, groupBy: string, extraFrom = ''): { text: string; values: unknown[] } {
  const { from, where, params } = exportSource(kind, filters);
  const text = `select ${select} from ${from}${extraFrom} ${where.length > 0 ? `where ${where.join(' and ')}` : ''} group by ${groupBy} order by ${groupBy}`;
  return { text, values: params };
}

const SUMS = 'count(*)::text as count, sum(d.net)::text as net, sum(d.tax)::text as tax, sum(d.gross)::text as gross';
const RATE = `g->>'country' as country, g->>'rate_bp' as rate_bp, sum((g->>'net')::bigint)::text as net, sum((g->>'tax')::bigint)::text as tax`;

/** The three aggregates in one read-only snapshot, so they describe the same moment. */
export async function readSummary(pool: pg.Pool, filters: SummaryFilters, statementTimeoutMs: number): Promise<SummaryRows> {
  await checkTimeZone(pool, filters.tz);
  const client = await pool.connect();
  try {
    await client.query(`begin isolation level repeatable read read only; ${exportSettings(statementTimeoutMs, false)}`);
    const documents = await client.query<SummaryRows['documents'][number]>(aggregate('invoices', filters, `d.currency, d.kind, ${SUMS}`, 'd.currency, d.kind'));
    const rates = await client.query<SummaryRows['rates'][number]>(
      aggregate('invoices', filters, `d.currency, ${RATE}`, `d.currency, g->>'country', g->>'rate_bp'`, ` cross join jsonb_array_elements(d.content->'tax_by_rate') g`),
    );
    const refunds = await client.query<SummaryRows['refunds'][number]>(
      aggregate('refunds', filters, 'r.currency, count(*)::text as count, sum(r.amount)::text as amount', 'r.currency'),
    );
    await client.query('commit');
    client.release();
    return { documents: documents.rows, rates: rates.rows, refunds: refunds.rows };
  } catch (err) {
    await client.query('rollback').then(
      () => client.release(),
      () => client.release(true),
    );
    throw err;
  }
}
