import { sql } from 'kysely';
import { migrateToLatest } from '../../../src/shared/db';
import { freshDatabase, type TestDatabase } from '../../helpers/database';

const FROM_A_NEWER_VERSION = '29991231T0000_from_a_newer_version';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

test('on a database with every migration applied, migrating again applies nothing', async () => {
  const result = await migrateToLatest(database.db);
  expect(result.error).toBeUndefined();
  expect(result.results).toEqual([]);
});

test('a database that has run a migration this code does not have is refused by the Migrator, as before the quick check', async () => {
  await sql`insert into kysely_migration (name, timestamp) values (${FROM_A_NEWER_VERSION}, now()::text)`.execute(database.db);
  try {
    await expect(migrateToLatest(database.db)).rejects.toThrow(FROM_A_NEWER_VERSION);
  } finally {
    await sql`delete from kysely_migration where name = ${FROM_A_NEWER_VERSION}`.execute(database.db);
  }
});
