import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../../helpers/database';

/** Embedded PGlite serves one connection; its gate makes a client that arrives while the last one is
 * still closing wait its turn instead of being refused. */
let embedded: TestDatabase;
beforeAll(async () => {
  // The test helper's embedded database runs in a child process, as PGlite needs; its own pool is
  // closed so that these clients are the only ones.
  embedded = await freshDatabase({ embedded: true });
  await embedded.db.destroy();
}, 60_000);
afterAll(() => embedded.close());

async function ask(sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
}

test('a client that connects the moment the last one closed is served, every time', async () => {
  for (let i = 0; i < 30; i++) expect(await ask(`select ${i} as n`)).toEqual({ n: i });
});

test('a second client waits while the first holds the connection, then gets it', async () => {
  const first = new pg.Client({ connectionString: embedded.url });
  await first.connect();
  await first.query('begin');
  await first.query('create temporary table seen (n int)');
  const second = ask('select 2 as n');
  let secondDone = false;
  void second.then(() => (secondDone = true));
  // The first still holds its transaction: the second has not been let in to mix with it.
  await first.query('insert into seen values (1)');
  expect(secondDone).toBe(false);
  await first.query('commit');
  await first.end();
  expect(await second).toEqual({ n: 2 });
});
