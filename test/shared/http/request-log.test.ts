import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../../src/shared/logger';
import { requestIds } from '../../../src/shared/http/request-id';
import { requestLogging } from '../../../src/shared/http/request-log';

/** An app with only the request logging in front of two routes, logging into a string. */
function appAt(level: string) {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  const logger = createLogger({ level, destination: sink, maskLine: (l) => l });
  const app = express();
  app.use(
    requestLogging(
      logger,
      requestIds(() => false),
    ),
  );
  app.get('/fine', (_req, res) => void res.json({ ok: true }));
  app.get('/broken', (req, res) => {
    req.log.error({ reason: 'test' }, 'something broke');
    res.status(500).json({});
  });
  return {
    app,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

describe('request logging', () => {
  it('at info, writes one access line per request with the path and never the query', async () => {
    const { app, lines } = appAt('info');
    const res = await request(app).get('/fine?token=secret-value');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const access = lines().filter((l) => l.msg === 'request completed');
    expect(access).toHaveLength(1);
    expect(access[0]!.req).toEqual({ id: res.headers['x-request-id'], method: 'GET', path: '/fine' });
    expect(JSON.stringify(lines())).not.toContain('secret-value');
  });

  it('above info, writes no access line but still echoes the request id, and a proxy’s', async () => {
    const { app, lines } = appAt('warn');
    const res = await request(app).get('/fine');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request(app).get('/fine').set('X-Request-Id', 'proxy-abc-12345')).headers['x-request-id']).toBe('proxy-abc-12345');
    expect(lines()).toEqual([]);
  });

  it('above info, an error logged through req.log carries the request’s id, method and path', async () => {
    const { app, lines } = appAt('warn');
    const res = await request(app).get('/broken?x=1');
    expect(lines()).toEqual([expect.objectContaining({ msg: 'something broke', reason: 'test', req: { id: res.headers['x-request-id'], method: 'GET', path: '/broken' } })]);
  });
});
