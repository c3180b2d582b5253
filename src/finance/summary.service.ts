import type pg from 'pg';
import { audit } from '../audit';
import type { Db } from '../database';
import type { SummaryFilters } from './export.schemas';
import { readSummary, type SummaryRows } from './summary.repository';
import type { CurrencySummary, SummaryResponse } from './summary.schemas';

export interface SummaryDeps {
  db: Db;
  pool: pg.Pool;
  exportStatementTimeoutMs: number;
}

/**
 * The period summary per currency: the sums of the invoices export's rows (invoices and credit
 * notes apart, tax per country and rate from the invoices) and of the refunds export's rows, for
 * the same filters. Net is gross sales less what credit notes gave back; the refunds' own sum is
 * beside it, so a refund whose credit note falls in another period (or an order never invoiced)
 * shows as a difference rather than being hidden. Audited as the exports are.
 */
export async function periodSummary(deps: SummaryDeps, filters: SummaryFilters, actor: string): Promise<SummaryResponse> {
  const rows = await readSummary(deps.pool, filters, deps.exportStatementTimeoutMs);
  const currencies = [...new Set([...rows.documents, ...rows.refunds].map((r) => r.currency))].sort().map((c) => ofCurrency(rows, c));
  await audit(deps.db, { actor, action: 'finance.summary', subjectType: 'export', subjectId: 'summary', detail: { filters, currencies: currencies.length } });
  return { from: filters.from ?? null, to: filters.to ?? null, tz: filters.tz, currencies };
}

function ofCurrency(rows: SummaryRows, currency: string): CurrencySummary {
  const docs = (kind: 'invoice' | 'credit_note') => {
    const r = rows.documents.find((d) => d.currency === currency && d.kind === kind);
    return { count: Number(r?.count ?? 0), net: Number(r?.net ?? 0), tax: Number(r?.tax ?? 0), gross: Number(r?.gross ?? 0) };
  };
  const invoices = docs('invoice');
  const creditNotes = docs('credit_note');
  const refunds = rows.refunds.find((r) => r.currency === currency);
  const taxByRate = rows.rates
    .filter((r) => r.currency === currency)
    .map((r) => ({ country: r.country, rate_bp: Number(r.rate_bp), net: Number(r.net), tax: Number(r.tax) }))
    .sort((a, b) => (a.country ?? '').localeCompare(b.country ?? '') || a.rate_bp - b.rate_bp);
  return {
    currency,
    invoices,
    credit_notes: creditNotes,
    tax_by_rate: taxByRate,
    refunds: { count: Number(refunds?.count ?? 0), amount: Number(refunds?.amount ?? 0) },
    gross_sales: invoices.gross,
    refunded: creditNotes.gross,
    net: invoices.gross - creditNotes.gross,
    tax_due: invoices.tax - creditNotes.tax,
  };
}
