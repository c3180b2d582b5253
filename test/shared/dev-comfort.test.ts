import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { maskLogLine } from '../../src/card-data';
import { loadConfig, readEnvironment } from '../../src/shared/config';
import { createLogger } from '../../src/shared/logger';

describe('a .env file in the working directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'handoff-dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('fills in what the environment does not set; what the environment sets wins', () => {
    writeFileSync(path.join(dir, '.env'), '# a comment\nPORT=4100\nLOG_LEVEL=debug\nOFFLINE_INSTRUCTIONS="Pay to {reference}, thanks"\n');
    const env = readEnvironment(dir, { PORT: '4200', NODE_ENV: 'test' });
    expect(env).toMatchObject({ PORT: '4200', LOG_LEVEL: 'debug', NODE_ENV: 'test', OFFLINE_INSTRUCTIONS: 'Pay to {reference}, thanks' });
    const config = loadConfig(env);
    expect(config.http.port).toBe(4200);
    expect(config.logLevel).toBe('debug');
  });

  test('is optional: without one, the environment alone', () => {
    expect(readEnvironment(dir, { PORT: '4200' })).toEqual({ PORT: '4200' });
  });

  test('is checked like the environment: a bad value in it refuses the start, naming the variable', () => {
    writeFileSync(path.join(dir, '.env'), 'PORT=not-a-port\n');
    expect(() => loadConfig(readEnvironment(dir, {}))).toThrow(/PORT/);
  });

  test('is never written into process.env', () => {
    writeFileSync(path.join(dir, '.env'), 'HANDOFF_DOTENV_PROBE=1\n');
    readEnvironment(dir);
    expect(process.env.HANDOFF_DOTENV_PROBE).toBeUndefined();
  });
});

test('pretty logs are human lines, not JSON, with card numbers still masked', async () => {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink, maskLine: maskLogLine, pretty: true });
  logger.info({ note: 'card 4111 1111 1111 1111' }, 'handoff listening');
  logger.flush();
  await new Promise((r) => setImmediate(r));
  expect(text).toContain('INFO');
  expect(text).toContain('handoff listening');
  expect(() => JSON.parse(text.split('\n')[0]!)).toThrow();
  expect(text).not.toContain('4111 1111 1111 1111');
});
