import { sql, type Kysely } from 'kysely';

/** Where a value appears, case-insensitively, in any text or JSON column of any table: independent
 * of how the erasure is written, so it also catches a table the erasure does not know of. */
export async function placesHolding(db: Kysely<any>, value: string): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'))`.execute(db);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)} where ${sql.ref(column)}::text ilike ${`%${value}%`}`.execute(db);
    if (Number(rows[0]!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

/** What the books need from orders: everything but the person. */
export async function booksOf(db: Kysely<any>, orderIds: string[]) {
  const { rows } = await sql`
    select o.number, o.status, o.currency, o.subtotal, o.tax, o.total, o.amount_paid, o.amount_refunded, o.customer_country,
      o.created_at, o.paid_at, o.offline_reference,
      (select coalesce(sum(p.amount), 0) from payments p where p.order_id = o.id)::bigint as payments,
      (select count(*) from order_items i where i.order_id = o.id)::int as lines
    from orders o where o.id in (${sql.join(orderIds)}) order by o.number`.execute(db);
  return rows;
}
