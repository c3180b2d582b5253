import { sql, type Kysely } from 'kysely';

/** Frozen in time. Tax rates become dated and regional (Canada's HST by province): a rate holds
 * from `valid_from` until the next rate for the same country and region starts (`valid_to`, set
 * when the next one is added). Rows that existed hold from 2000-01-01, nationwide, as they did.
 * A product sold where it takes place (an event, in-person training) names that country; orders
 * keep what B2B buyers give (VAT id, PO number) and why a line bears no tax. Invoices get gapless
 * numbers per series and year, and are kept as issued. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tax_rates
      add column region text not null default '',
      add column valid_from date not null default date '2000-01-01',
      add column valid_to date,
      add constraint tax_rates_dates check (valid_to is null or valid_to > valid_from),
      add constraint tax_rates_region_format check (region ~ '^([A-Z0-9]{1,3})?$');
    alter table tax_rates drop constraint tax_rates_pkey;
    alter table tax_rates add constraint tax_rates_pkey primary key (country, region, valid_from);

    alter table products add column location_country char(2)
      constraint products_location_country_format check (location_country ~ '^[A-Z]{2}$');

    alter table orders
      add column customer_region text constraint orders_customer_region_format check (customer_region ~ '^[A-Z0-9]{1,3}$'),
      add column customer_vat_id text,
      add column po_number text,
      add column tax_note text;

    alter table order_items add column tax_country char(2);

    -- Gapless numbers: one row per series and year, locked FOR UPDATE by the paying transaction, so
    -- a number is used only if that transaction commits (a sequence would skip on rollback).
    create table document_counters (
      series text not null,
      year integer not null,
      last_number integer not null constraint document_counters_last_nonneg check (last_number >= 0),
      constraint document_counters_pkey primary key (series, year)
    );

    -- Invoices, pro-formas and credit notes as issued: content is the document (seller, buyer, lines, totals,
    -- notes) frozen at issue, with its SHA-256; the PDF is rendered from it once and kept with its own.
    create table invoice_documents (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders (id),
      kind text not null constraint invoice_documents_kind_check check (kind in ('invoice', 'proforma', 'credit_note')),
      number text not null constraint invoice_documents_number_key unique,
      -- A credit note: the refund it documents and the invoice it corrects.
      refund_id uuid constraint invoice_documents_refund_key unique references refunds (id),
      refers_to text,
      currency char(3) not null,
      net bigint not null,
      tax bigint not null,
      gross bigint not null constraint invoice_documents_gross_sum check (gross = net + tax),
      content jsonb not null,
      content_sha256 text not null,
      pdf bytea,
      pdf_sha256 text,
      issued_at timestamptz not null default now(),
      constraint invoice_documents_pdf_hashed check ((pdf is null) = (pdf_sha256 is null))
    );
    create unique index invoice_documents_one_per_order on invoice_documents (order_id, kind) where kind <> 'credit_note';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table invoice_documents;
    drop table document_counters;
    alter table order_items drop column tax_country;
    alter table orders drop column customer_region, drop column customer_vat_id, drop column po_number, drop column tax_note;
    alter table products drop column location_country;
    delete from tax_rates where region <> '' or valid_to is not null;
    alter table tax_rates drop constraint tax_rates_pkey;
    alter table tax_rates drop column region, drop column valid_from, drop column valid_to;
    alter table tax_rates add constraint tax_rates_pkey primary key (country);
  `.execute(db);
}
