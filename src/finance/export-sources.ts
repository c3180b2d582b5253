import type { AnyExportFilters } from './export.schemas';

/** Where each export's rows come from, in which order, and which date its period filters. */

export type ExportKind = 'orders' | 'lines' | 'refunds' | 'invoices';

export interface KeyColumn {
  expr: string;
  /** As text that casts back to exactly the stored value. */
  text: string;
  type: string;
}

// Microseconds, in UTC: the key read back must be exactly the stored one.
const timeKey = (expr: string): KeyColumn => ({ expr, text: `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, type: 'timestamptz' });
const uuidKey = (expr: string): KeyColumn => ({ expr, text: `${expr}::text`, type: 'uuid' });
const ORDER_KEY: KeyColumn[] = [timeKey('o.created_at'), uuidKey('o.id')];

/** Where each export's rows come from. `keys` is its row order and keyset, unique per row;
 * `prefix`, a leading part of it that an index serves (an order's lines follow its key). `date` is
 * what `from`/`to` apply to; `where`, what every row must satisfy. */
export interface Source {
  from: string;
  keys: KeyColumn[];
  prefix?: KeyColumn[];
  date(f: AnyExportFilters): string;
  where(f: AnyExportFilters): string[];
}

const orderDate = (f: AnyExportFilters) => (f.date_field === 'paid' ? 'o.paid_at' : 'o.created_at');
const orderWhere = (f: AnyExportFilters) => (f.date_field === 'paid' ? ['o.paid_at is not null'] : []);

export const SOURCES: Record<ExportKind, Source> = {
  orders: { from: 'orders o', keys: ORDER_KEY, date: orderDate, where: orderWhere },
  lines: {
    from: 'orders o join order_items i on i.order_id = o.id',
    keys: [...ORDER_KEY, { expr: 'i.line_no', text: 'i.line_no::text', type: 'int' }],
    prefix: ORDER_KEY,
    date: orderDate,
    where: orderWhere,
  },
  // A refund happened when it succeeded: a March refund of a January order is March's.
  refunds: {
    from: 'refunds r join orders o on o.id = r.order_id left join invoice_documents cn on cn.refund_id = r.id',
    keys: [timeKey('r.settled_at'), uuidKey('r.id')],
    date: () => 'r.settled_at',
    where: () => [`r.status = 'succeeded'`],
  },
  invoices: {
    from: 'invoice_documents d join orders o on o.id = d.order_id',
    keys: [timeKey('d.issued_at'), uuidKey('d.id')],
    date: () => 'd.issued_at',
    where: () => [`d.kind in ('invoice', 'credit_note')`],
  },
};
