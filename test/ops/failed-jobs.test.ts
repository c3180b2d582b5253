import request from 'supertest';
import { enqueue } from '../../src/jobs';
import { useTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let admin: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  admin = await staffToken(t, ['admin']);
  t.worker.register('test-never-works', async () => {
    throw new Error('the far end said no');
  });
});

const failed = (query: Record<string, string> = {}, token = admin) => request(t.app).get('/api/admin/jobs/failed').query(query).set('Authorization', `Bearer ${token}`);

/** Runs the worker until no job of the kind is waiting: each retry is made due at once. */
async function exhaustRetries(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await t.worker.runOnce();
    await t.ctx.db
      .updateTable('jobs')
      .set({ run_at: new Date(0) })
      .where('kind', '=', 'test-never-works')
      .where('failed_at', 'is', null)
      .execute();
  }
}

describe('a job whose retries are used up', () => {
  it('is kept as failed, not retried again, listed for admins page by page and counted in /metrics', async () => {
    for (const n of [1, 2, 3]) await enqueue(t.ctx.db, 'test-never-works', { n }, { dedupeKey: `never-works:${n}`, maxAttempts: 2 });
    await exhaustRetries();

    const rows = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'test-never-works').orderBy('id').execute();
    expect(rows.map((r) => [r.attempts, r.failed_at !== null, r.done_at])).toEqual([
      [2, true, null],
      [2, true, null],
      [2, true, null],
    ]);

    const first = await failed({ limit: '2' }).expect(200);
    expect(first.body.jobs.map((j: { dedupe_key: string }) => j.dedupe_key)).toEqual(['never-works:3', 'never-works:2']);
    expect(first.body.jobs[0]).toMatchObject({ kind: 'test-never-works', attempts: 2, max_attempts: 2, last_error: 'the far end said no' });
    expect(first.body.jobs[0]).not.toHaveProperty('payload');
    const second = await failed({ limit: '2', cursor: first.body.next_cursor }).expect(200);
    expect(second.body).toMatchObject({ jobs: [{ dedupe_key: 'never-works:1' }], next_cursor: null });

    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^jobs_failed\{kind="test-never-works"\} 3$/m);
  });

  it('is shown to admins only, and a bad cursor is a 400 naming it', async () => {
    await request(t.app).get('/api/admin/jobs/failed').expect(401);
    await failed({}, await staffToken(t, ['sales'])).expect(403);
    const bad = await failed({ cursor: 'abc' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await request(t.app).get('/openapi.json').expect(200);
    expect(doc.body.paths['/api/admin/jobs/failed'].get).toBeDefined();
  });
});
