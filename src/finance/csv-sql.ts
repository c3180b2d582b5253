import { minorUnitDigits } from '../shared/money';

/**
 * The export's columns, and SQL expressions that render one CSV cell each: the paged (embedded)
 * export has PostgreSQL build whole lines from them; the COPY export reads each column's stored
 * `value` and writes the same cell in Node (csv-cells.ts). Every expression is built from our own
 * constants and column names, never from request input.
 */

/** How a stored value becomes a cell: the same rule in SQL (`sql`, for the paged export) and in
 * Node (`csv-cells.ts`, for the COPY export, which reads `value` raw). */
export type CellKind = 'word' | 'text' | 'time' | 'integer' | 'amount' | 'percent';

export interface CsvColumn {
  name: string;
  kind: CellKind;
  /** The stored value: text, a timestamptz, or a whole number (minor units, basis points). */
  value: string;
  /** The cell's text before CSV quoting; NULL is an empty cell. */
  sql: string;
  /** Free text that may hold commas, quotes or line breaks. */
  quote?: boolean;
}

const FORMULA_START = `('=', '+', '-', '@', E'\\t', E'\\r')`;

/** Free text (names, emails, references): a cell a spreadsheet would read as a formula gets a
 * leading apostrophe, which spreadsheets show as text and do not evaluate. */
export function neutralised(expr: string): string {
  return `(case when left(${expr}, 1) in ${FORMULA_START} then '''' || ${expr} else ${expr} end)`;
}

/** RFC 4180: quoted only when the cell holds a comma, quote, CR or LF (strpos is cheaper than a regex). */
function quoted(cell: string): string {
  const needs = [`','`, `'"'`, `E'\\n'`, `E'\\r'`].map((ch) => `strpos(${cell}, ${ch})`).join(' + ');
  return `(case when ${needs} > 0 then '"' || replace(${cell}, '"', '""') || '"' else ${cell} end)`;
}

export const text = (name: string, expr: string): CsvColumn => ({ name, kind: 'text', value: expr, sql: neutralised(expr), quote: true });

/** Words the schema constrains by CHECK (status, payment method): nothing to neutralise or quote. */
export const word = (name: string, expr: string): CsvColumn => ({ name, kind: 'word', value: expr, sql: expr });

/** ISO 8601 in UTC, to the second. */
export const time = (name: string, expr: string): CsvColumn => ({
  name,
  kind: 'time',
  value: expr,
  sql: `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
});

export const integer = (name: string, expr: string): CsvColumn => ({ name, kind: 'integer', value: expr, sql: `(${expr})::text` });

/** Minor units as a decimal string with the currency's digits (4900 USD → 49.00, 7500 JPY → 7500):
 * times one minor unit of `o.currency` (0.01, 1 or 0.001 as numeric), exact, and the product's
 * scale is the unit's, so PostgreSQL prints exactly the currency's digits. One multiplication and
 * one cast: the integer division, modulo and lpad this replaced cost about three times as much
 * per cell. Amounts are never negative (CHECK constraints), so an amount cell is digits and a
 * dot: nothing to neutralise. */
export function amount(name: string, expr: string): CsvColumn {
  return { name, kind: 'amount', value: expr, sql: decimal(expr) };
}

/** Minor units as the decimal text of `amount`, for use inside a composed cell. */
export const decimal = (expr: string): string => `((${expr})::numeric * ${MINOR_UNIT})::text`;

/** Basis points as a percentage with two decimals: 1900 → 19.00, 825 → 8.25. */
export function percent(name: string, bpExpr: string): CsvColumn {
  return { name, kind: 'percent', value: bpExpr, sql: `((${bpExpr})::numeric * 0.01)::text` };
}

/** Every currency that does not have two digits, asked of `minorUnitDigits` once for each possible
 * three-letter code, so this SQL never disagrees with the rest of the service about JPY or KWD. */
const CODES_BY_DIGITS = ((): Map<number, string[]> => {
  const byDigits = new Map<number, string[]>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters)
      for (const c of letters) {
        const digits = minorUnitDigits(a + b + c);
        if (digits !== 2) byDigits.set(digits, [...(byDigits.get(digits) ?? []), a + b + c]);
      }
  return byDigits;
})();

/** One minor unit of the order's currency as a numeric of that scale (0.01; 1 for JPY; 0.001 for
 * KWD), written into each amount cell: PostgreSQL hashes the IN lists, and a per-row lateral
 * subquery giving it once cost more than computing it in every cell. */
const MINOR_UNIT = (() => {
  const unit = (d: number) => (d === 0 ? '1' : `0.${'0'.repeat(d - 1)}1`);
  const whens = [...CODES_BY_DIGITS].map(([d, codes]) => `when o.currency in (${codes.map((c) => `'${c}'`).join(', ')}) then ${unit(d)}`);
  return `(case ${whens.join(' ')} else ${unit(2)} end)`;
})();

/** The cells as separate columns, named after the header: what `COPY ... CSV` would quote. */
export function cellsSelect(columns: CsvColumn[]): string {
  return columns.map((c) => `${c.sql} as "${c.name}"`).join(', ');
}

/** One CSV line (without its line break) from the columns of `cellsSelect`, read from `alias`. */
export function csvLine(columns: CsvColumn[], alias: string): string {
  const cell = (c: CsvColumn) => `${alias}."${c.name}"`;
  return `concat_ws(',', ${columns.map((c) => `coalesce(${c.quote ? quoted(cell(c)) : cell(c)}, '')`).join(', ')})`;
}

export const csvHeader = (columns: CsvColumn[]): string => columns.map((c) => c.name).join(',');
