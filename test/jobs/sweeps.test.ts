import { createLogger } from '../../src/shared/logger';
import { JobWorker } from '../../src/jobs';
import { freshDatabase, type TestDatabase } from '../helpers/database';

const MINUTE_MS = 60_000;
let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

/** Three workers on one database, as three instances would have, each with the same sweep. */
function instances(name: string, runs: string[]): JobWorker[] {
  return ['a', 'b', 'c'].map((id) =>
    new JobWorker(database.db, createLogger({ level: 'silent', maskLine: (line) => line })).every(name, MINUTE_MS, async () => {
      runs.push(id);
    }),
  );
}

describe('a sweep on several instances', () => {
  it('runs once per interval across all of them, however often they poll', async () => {
    const runs: string[] = [];
    const workers = instances('test-sweep', runs);
    const start = Date.now();
    for (let poll = 0; poll < 5; poll++) await Promise.all(workers.map((w) => w.runOnce(start + poll * 1000)));
    expect(runs).toHaveLength(1);

    await Promise.all(workers.map((w) => w.runOnce(start + MINUTE_MS + 1)));
    expect(runs).toHaveLength(2);
    const row = await database.db.selectFrom('job_schedules').selectAll().where('name', '=', 'test-sweep').executeTakeFirstOrThrow();
    expect(row.runs).toBe(2);
    expect(row.next_run_at.getTime()).toBe(start + 2 * MINUTE_MS + 1);
  });

  it('keeps each sweep on its own schedule', async () => {
    const runs: string[] = [];
    const [first] = instances('test-sweep-other', runs);
    await first!.runOnce();
    expect(runs).toHaveLength(1);
  });
});
