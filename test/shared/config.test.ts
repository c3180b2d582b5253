import { ConfigError, loadConfig } from '../../src/shared/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('runs in development with no settings at all', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.db.url).toBeUndefined();
    expect(config.dataDir).toBe('.data');
    expect(Object.isFrozen(config.orders)).toBe(true);
  });

  it('refuses to start in production without each production setting, one line for each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const name of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STAFF_JWKS_URL', 'COOKIE_KEY']) {
      expect(problems.filter((line) => line.startsWith(`${name} `))).toHaveLength(1);
    }
  });

  it('refuses a processor URL that is not https, in every environment', () => {
    expect(problemsOf({ STRIPE_API_URL: 'http://api.stripe.com' })).toEqual([expect.stringContaining('https://')]);
  });

  it('names the variable that is malformed', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT:/)]);
  });

  it('gives the database timeouts request-sized defaults in milliseconds; 0 switches one off, a negative one is refused by name', () => {
    expect(loadConfig({}).db.limits).toEqual({ statementMs: 10_000, lockMs: 5_000, idleInTransactionMs: 10_000 });
    expect(loadConfig({ DATABASE_LOCK_TIMEOUT_MS: '0' }).db.limits.lockMs).toBe(0);
    expect(problemsOf({ DATABASE_STATEMENT_TIMEOUT_MS: '-1' })).toEqual([expect.stringMatching(/^DATABASE_STATEMENT_TIMEOUT_MS:/)]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).db.url).toBeUndefined();
  });
});
