import { ConfigError, loadConfig } from '../../../src/shared/config';

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
    for (const name of ['DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STAFF_JWKS_URL', 'COOKIE_KEY', 'ORDER_TOKEN_SECRET', 'SIGNING_KEY_JWK']) {
      expect(problems.filter((line) => line.startsWith(`${name} `))).toHaveLength(1);
    }
  });

  it('refuses a processor URL that is not https, in every environment', () => {
    expect(problemsOf({ STRIPE_API_URL: 'http://api.stripe.com' })).toEqual([expect.stringContaining('https://')]);
  });

  it('names the variable that is malformed', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT:/)]);
  });

  it('bounds staff token lifetimes to 12 hours unless told otherwise', () => {
    expect(loadConfig({}).staffAuth.maxTokenLifetimeSeconds).toBe(43200);
    expect(loadConfig({ STAFF_JWT_MAX_LIFETIME_SECONDS: '3600' }).staffAuth.maxTokenLifetimeSeconds).toBe(3600);
    expect(problemsOf({ STAFF_JWT_MAX_LIFETIME_SECONDS: '0' })).toEqual([expect.stringMatching(/^STAFF_JWT_MAX_LIFETIME_SECONDS:/)]);
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

describe('TLS where personal data travels, in production', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://app@db.internal:5432/handoff',
    STRIPE_SECRET_KEY: 'sk_live_x',
    STRIPE_WEBHOOK_SECRET: 'whsec_x',
    STAFF_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    STAFF_JWT_ISSUER: 'https://idp.example/',
    STAFF_JWT_AUDIENCE: 'handoff',
    COOKIE_KEY: 'x'.repeat(43),
    ORDER_TOKEN_SECRET: 'y'.repeat(43),
    SIGNING_KEY_JWK: '{"kty":"EC","crv":"P-256"}',
    PUBLIC_BASE_URL: 'https://shop.example',
  };
  const linesAbout = (name: string, env: Record<string, string>) => problemsOf({ ...production, ...env }).filter((line) => line.startsWith(`${name} `));

  it('starts with an https PUBLIC_BASE_URL and no SMTP_URL', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it('refuses an http PUBLIC_BASE_URL with one clear line', () => {
    expect(linesAbout('PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'http://shop.example' })).toEqual([expect.stringContaining('https://')]);
  });

  it.each(['smtp://mail.example.com:587', 'smtp://user:pw@mail.example.com:25', 'smtp://mail.example.com:587?requireTLS=false', 'smtp://10.0.0.5:25', 'smtp://2130706433:25'])(
    'refuses %s (no TLS to another machine) with one clear line',
    (url) => {
      expect(linesAbout('SMTP_URL', { SMTP_URL: url })).toEqual([expect.stringMatching(/smtps:\/\/.*requireTLS=true/)]);
    },
  );

  it('refuses an SMTP_URL that switches the certificate check off', () => {
    expect(linesAbout('SMTP_URL', { SMTP_URL: 'smtps://mail.example.com?tls.rejectUnauthorized=false' })).toEqual([expect.stringContaining('certificate')]);
  });

  it.each([
    'smtps://user:pw@mail.example.com',
    'smtps://mail.example.com:465',
    'smtp://user:pw@mail.example.com:587?requireTLS=true',
    'smtp://127.0.0.1:25',
    'smtp://localhost:25',
    'smtp://[::1]:25',
  ])('accepts %s (TLS, or a relay on this machine)', (url) => {
    expect(problemsOf({ ...production, SMTP_URL: url })).toEqual([]);
  });

  it('lets development use plain http and plain SMTP', () => {
    expect(problemsOf({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000', SMTP_URL: 'smtp://mail.example.com:25' })).toEqual([]);
  });
});
