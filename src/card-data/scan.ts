import { sql, type Kysely } from 'kysely';
import { CARD_MASK, findCardNumbers, maskCardNumbers } from './detect';

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

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb'];
const TEXT_ARRAY_TYPES = ['_text', '_varchar', '_bpchar', '_json', '_jsonb', 'citext'];
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

async function textColumns(db: Kysely<any>): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in (${sql.join(TEXT_TYPES)}) or c.udt_name in (${sql.join(TEXT_ARRAY_TYPES)}))
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const r of rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
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

/**
 * Batches are ranges of heap pages (`ctid` between two pages: a TID range scan), so each batch
 * costs the same however far into a large table it is, and tables without a primary key are read
 * alike. The page count is re-read after each batch, so rows added meanwhile at the end are read too.
 */
async function scanTable(db: Kysely<any>, table: string, columns: string[], opts: ScanOptions, hit: (h: CardHit) => void): Promise<number> {
  const step = opts.pagesPerBatch ?? 512;
  const key = await primaryKey(db, table);
  const keyCols = key.length > 0 ? key.map((k, i) => sql`${ident(k)}::text as ${ident(`k${i}`)}`) : [sql`ctid::text as k0`];
  const valueCols = columns.map((c, i) => sql`${ident(c)}::text as ${ident(`v${i}`)}`);
  let rows = 0;
  for (let from = 0; from < (await pageCount(db, table)); from += step) {
    const batch = await sql<Record<string, string | null>>`
      select ${sql.join([...keyCols, ...valueCols])} from ${ident(table)}
      where ctid >= ${`(${from},0)`}::tid and ctid < ${`(${from + step},0)`}::tid`.execute(db);
    rows += batch.rows.length;
    for (const row of batch.rows) checkRow(table, columns, key, row, hit);
  }
  return rows;
}

function checkRow(table: string, columns: string[], key: string[], row: Record<string, string | null>, hit: (h: CardHit) => void): void {
  columns.forEach((column, i) => {
    const value = row[`v${i}`];
    if (!value) return;
    const spans = findCardNumbers(value);
    if (spans.length === 0) return;
    const rowKey = key.length > 0 ? key.map((k, j) => `${k}=${maskCardNumbers(row[`k${j}`] ?? 'null')}`).join(',') : `ctid=${row.k0}`;
    hit({ table, column, rowKey, count: spans.length, excerpt: excerptOf(value) });
  });
}

/** Masked first, then cut: the excerpt's edges can never fall inside a card number. */
function excerptOf(value: string): string {
  const masked = maskCardNumbers(value).replace(/\s+/g, ' ');
  const at = masked.indexOf(CARD_MASK);
  const from = Math.max(0, at - EXCERPT_CONTEXT);
  const to = Math.min(masked.length, at + CARD_MASK.length + EXCERPT_CONTEXT);
  return `${from > 0 ? '…' : ''}${masked.slice(from, to)}${to < masked.length ? '…' : ''}`;
}
