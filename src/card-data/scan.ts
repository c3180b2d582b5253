/* eslint-disable @typescript-eslint/no-explicit-any -- the scan reads every table there is, named at run time, which no schema type describes */
import { sql, type Kysely } from 'kysely';
import { CARD_MASK, findCardNumbers, maskCardNumbers } from './detect';
import { leafHoldsCard, walkJson } from './values';

/** The proof behind "card information is never remembered": every text-like column of every table
 * in the public schema, read in page-range batches, checked with the same detector the request
 * guard and the logger use. */

export interface CardHit {
  table: string;
  column: string;
  /** The primary key (`id=…`), or the physical row address for a table without one. */
  rowKey: string;
  /** How many card numbers the value holds. */
  count: number;
  /** A short excerpt with every card number replaced by the mask; never a digit of one. */
  excerpt: string;
}

export interface ScanReport {
  tables: number;
  columns: number;
  rows: number;
  hits: CardHit[];
}

export interface ScanOptions {
  /** Heap pages per query (8 kB each): about 5000 narrow rows at the default. */
  pagesPerBatch?: number;
  onHit?: (hit: CardHit) => void;
}

/** Text columns are checked as written; JSON and array columns are read as JSON and each string
 * or number in them checked under its own key, as the request guard checks a body. */
type ColumnKind = 'text' | 'json';
interface Column {
  name: string;
  kind: ColumnKind;
}

const TEXT_TYPES = ['text', 'character varying', 'character'];
const JSON_TYPES = ['json', 'jsonb'];
const TEXT_UDTS = ['citext'];
const ARRAY_UDTS = ['_text', '_varchar', '_bpchar', '_json', '_jsonb', '_citext'];
const EXCERPT_CONTEXT = 24;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const ident = (name: string) => sql.raw(quoted(name));

export async function scanDatabaseForCardNumbers(db: Kysely<any>, opts: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { tables: 0, columns: 0, rows: 0, hits: [] };
  for (const [table, columns] of await textColumns(db)) {
    report.tables += 1;
    report.columns += columns.length;
    report.rows += await scanTable(db, table, columns, opts, (hit) => {
      report.hits.push(hit);
      opts.onHit?.(hit);
    });
  }
  return report;
}

async function textColumns(db: Kysely<any>): Promise<Map<string, Column[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; udt_name: string }>`
    select c.table_name, c.column_name, c.data_type, c.udt_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in (${sql.join([...TEXT_TYPES, ...JSON_TYPES])}) or c.udt_name in (${sql.join([...TEXT_UDTS, ...ARRAY_UDTS])}))
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, Column[]>();
  for (const r of rows) {
    const kind: ColumnKind = TEXT_TYPES.includes(r.data_type) || TEXT_UDTS.includes(r.udt_name) ? 'text' : 'json';
    byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), { name: r.column_name, kind }]);
  }
  return byTable;
}

async function primaryKey(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ attname: string }>`
    select a.attname from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${`public.${quoted(table)}`}::regclass and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  return rows.map((r) => r.attname);
}

async function pageCount(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ pages: string }>`
    select (pg_relation_size(${`public.${quoted(table)}`}::regclass) / current_setting('block_size')::int)::text as pages`.execute(db);
  return Number(rows[0]!.pages);
}

/** A value's text as the detector reads it: arrays as JSON, so each element is checked alone. */
const valueText = (c: Column) => (c.kind === 'json' ? sql`to_jsonb(t.${ident(c.name)})::text` : sql`t.${ident(c.name)}::text`);

/**
 * Batches are ranges of heap pages (`ctid` between two pages: a TID range scan), so each batch
 * costs the same however far into a large table it is, and tables without a primary key are read
 * alike. The page count is re-read after each batch, so rows added meanwhile at the end are read too.
 * Every value comes to the detector: a prefilter in SQL (at least 13 digits or a non-ASCII
 * character) cost PostgreSQL more than it saved in transfer (200,000 seeded orders: 7.4 s
 * against 5.3 s), and the detector's own first pass is a digit count.
 */
async function scanTable(db: Kysely<any>, table: string, columns: Column[], opts: ScanOptions, hit: (h: CardHit) => void): Promise<number> {
  const step = opts.pagesPerBatch ?? 512;
  const key = await primaryKey(db, table);
  const keyCols = key.length > 0 ? key.map((k, i) => sql`t.${ident(k)}::text as ${ident(`k${i}`)}`) : [sql`t.ctid::text as k0`];
  const values = columns.map((c, i) => sql`${valueText(c)} as ${ident(`v${i}`)}`);
  let rows = 0;
  for (let from = 0; from < (await pageCount(db, table)); from += step) {
    const batch = await sql<Record<string, string | null>>`
      select ${sql.join([...keyCols, ...values])} from ${ident(table)} t
      where t.ctid >= ${`(${from},0)`}::tid and t.ctid < ${`(${from + step},0)`}::tid`.execute(db);
    rows += batch.rows.length;
    for (const row of batch.rows) checkRow(table, columns, key, row, hit);
  }
  return rows;
}

function checkRow(table: string, columns: Column[], key: string[], row: Record<string, string | null>, hit: (h: CardHit) => void): void {
  columns.forEach((column, i) => {
    const value = row[`v${i}`];
    if (!value) return;
    const found = column.kind === 'json' ? inJson(value, column.name) : inText(value, column.name);
    if (!found) return;
    const rowKey = key.length > 0 ? key.map((k, j) => `${k}=${maskCardNumbers(row[`k${j}`] ?? 'null')}`).join(',') : `ctid=${row.k0}`;
    hit({ table, column: column.name, rowKey, ...found });
  });
}

type Found = Pick<CardHit, 'count' | 'excerpt'>;

function inText(value: string, field: string): Found | undefined {
  const count = findCardNumbers(value, field).length;
  return count === 0 ? undefined : { count, excerpt: excerptOf(maskCardNumbers(value, field)) };
}

/** Each string and number under its own key: a phone number under `phone` is one, as in a request. */
function inJson(value: string, column: string): Found | undefined {
  let count = 0;
  let excerpt: string | undefined;
  walkJson(
    JSON.parse(value),
    ({ node, field }) => {
      if (!leafHoldsCard(node, field)) return;
      const text = typeof node === 'string' ? node : String(node);
      const spans = Math.max(1, findCardNumbers(text, field).length);
      count += spans;
      excerpt ??= excerptOf(typeof node === 'string' ? maskCardNumbers(text, field) : CARD_MASK);
    },
    '',
    column,
  );
  return excerpt === undefined ? undefined : { count, excerpt };
}

/** Masked first, then cut: the excerpt's edges can never fall inside a card number. */
function excerptOf(masked: string): string {
  const flat = masked.replace(/\s+/g, ' ');
  const at = flat.indexOf(CARD_MASK);
  const from = Math.max(0, at - EXCERPT_CONTEXT);
  const to = Math.min(flat.length, at + CARD_MASK.length + EXCERPT_CONTEXT);
  return `${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}`;
}
