import { html, type Html } from '../shared/html/html';

type Cell = Html | string | number | null | undefined;

export interface Column<T> {
  header: string;
  cell: (row: T) => Cell;
  /** Amounts and counts: right-aligned, in tabular figures. */
  num?: boolean;
}

export interface TableOptions<T> {
  /** What the table shows, read first by screen readers (times in UTC are said here). */
  caption: string;
  columns: Array<Column<T>>;
  rows: readonly T[];
  /** The first column names its row (a `th scope="row"`), as an order number or a SKU does. */
  rowHeaders?: boolean;
  /** The sentence shown instead of a table with no rows; without it, an empty table is shown. */
  empty?: string;
}

/** The console's one table shape: a caption, header cells with their scope, and either the first
 * column naming each row or none. Pages say only which columns they show. */
export function table<T>({ caption, columns, rows, rowHeaders = false, empty }: TableOptions<T>): Html {
  if (rows.length === 0 && empty !== undefined) return html`<p>${empty}</p>`;
  const head = columns.map((c) => html`<th scope="col">${c.header}</th>`);
  const body = rows.map(
    (row) =>
      html`<tr>
        ${columns.map((c, i) => cell(c, row, rowHeaders && i === 0))}
      </tr>`,
  );
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${head}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

function cell<T>(c: Column<T>, row: T, namesRow: boolean): Html {
  const value = c.cell(row) ?? '—';
  if (namesRow) return html`<th scope="row">${value}</th>`;
  return c.num ? html`<td class="num">${value}</td>` : html`<td>${value}</td>`;
}
