import request from 'supertest';
import { createApp } from '../../src/app';
import { connectDb } from '../../src/shared/db';
import { useTestApp, type TestApp } from '../helpers/app';
import { freePort } from '../helpers/ports';

let t: TestApp;
useTestApp((app) => (t = app));

describe('readiness', () => {
  it('says 200 while the database answers', async () => {
    await request(t.app).get('/readyz').expect(200, { status: 'ready' });
  });

  it('says 503 when the database does not answer, while /healthz stays 200', async () => {
    // Nothing listens there: a database that does not answer.
    const dead = connectDb(`postgres://root@127.0.0.1:${await freePort()}/none`, { poolMax: 1 });
    try {
      const app = createApp({ ...t.ctx, db: dead.db, pool: dead.pool });
      const res = await request(app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'database_unavailable' });
      await request(app).get('/healthz').expect(200);
    } finally {
      await dead.destroy();
    }
  });
});
