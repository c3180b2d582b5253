import { z } from 'zod';

const minor = z.number().int().describe('Minor units of the currency (cents; yen)');
const documents = z.object({ count: z.number().int(), net: minor, tax: minor, gross: minor }).strict().describe('Sums of the invoices export’s rows of this kind and currency');

export const currencySummary = z
  .object({
    currency: z.string(),
    invoices: documents,
    credit_notes: documents,
    tax_by_rate: z
      .array(z.object({ country: z.string().nullable(), rate_bp: z.number().int(), net: minor, tax: minor }).strict())
      .describe('The invoices’ tax per country and rate (basis points: 1900 is 19%), as in their tax_by_rate cells; credit notes carry tax in total only'),
    refunds: z.object({ count: z.number().int(), amount: minor }).strict().describe('Sums of the refunds export’s rows of this currency'),
    gross_sales: minor.describe('invoices.gross'),
    refunded: minor.describe('credit_notes.gross: refunds documented by a credit note in the period'),
    net: minor.describe('gross_sales − refunded'),
    tax_due: minor.describe('invoices.tax − credit_notes.tax'),
  })
  .strict()
  .meta({ id: 'FinanceCurrencySummary' });

export const summaryResponse = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    tz: z.string(),
    currencies: z.array(currencySummary).describe('One entry per currency with any invoice, credit note or refund in the period, by code'),
  })
  .strict()
  .meta({ id: 'FinanceSummary' });

export type CurrencySummary = z.infer<typeof currencySummary>;
export type SummaryResponse = z.infer<typeof summaryResponse>;
