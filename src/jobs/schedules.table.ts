import type { ColumnType } from 'kysely';

/** One row per periodic sweep: the instance whose update moves `next_run_at` on runs it. */
export interface JobScheduleTable {
  name: string;
  next_run_at: ColumnType<Date, Date | string, Date | string>;
  last_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  runs: ColumnType<number, number | undefined, number>;
}
