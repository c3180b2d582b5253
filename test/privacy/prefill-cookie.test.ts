import { randomBytes } from 'node:crypto';
import { base64url, CompactEncrypt, EncryptJWT, SignJWT } from 'jose';
import { cookieValues } from '../../src/shared/http/cookies';
import { openPrefill, parseCookieKeys, sealPrefill, type CookieKeys, type PrefillCustomer } from '../../src/privacy';

const newKey = () => base64url.encode(randomBytes(32));
const keysOf = (setting: string): CookieKeys => parseCookieKeys(setting);
const ada: PrefillCustomer = { name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines', country: 'GB', phone: '+44 20 7946 0018' };

/** Flips one bit of one part of a compact JWE (0 header, 1 key, 2 iv, 3 ciphertext, 4 tag). */
function flipBit(jwe: string, part: number): string {
  const parts = jwe.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('the remember-me cookie value', () => {
  const keys = keysOf(`k1:${newKey()}`);

  it('opens to the details it was sealed with, and they cannot be read without the key', async () => {
    const sealed = await sealPrefill(keys, ada);
    expect(await openPrefill(keys, sealed)).toEqual(ada);
    expect(sealed.split('.')).toHaveLength(5);
    const visible = sealed
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join(' ');
    expect(visible).not.toMatch(/Ada|Lovelace|example\.org|7946/);
    expect(JSON.parse(Buffer.from(sealed.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'k1', typ: 'JWT' });
  });

  it.each([
    ['header', 0],
    ['iv', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('does not open when one bit of the %s is flipped', async (_part, index) => {
    expect(await openPrefill(keys, flipBit(await sealPrefill(keys, ada), index))).toBeUndefined();
  });

  it('does not open when sealed with a key we do not hold, even under a key id we use', async () => {
    const foreign = keysOf(`k1:${newKey()}`);
    expect(await openPrefill(keys, await sealPrefill(foreign, ada))).toBeUndefined();
  });

  it('does not open with other algorithms, even with our own key', async () => {
    const key = keys.byKid.get('k1')!;
    const a128 = await new EncryptJWT({ customer: ada })
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(key.slice(0, 16));
    const wrapped = await new EncryptJWT({ customer: ada })
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(key);
    const cbc = await new EncryptJWT({ customer: ada })
      .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(new Uint8Array(64));
    for (const token of [a128, wrapped, cbc]) expect(await openPrefill(keys, token)).toBeUndefined();
  });

  it('does not open a signed token carrying the same claims, or an unsigned one', async () => {
    const signed = await new SignJWT({ customer: ada })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keys.byKid.get('k1')!);
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${base64url.encode(JSON.stringify({ customer: ada }))}.`;
    expect(await openPrefill(keys, signed)).toBeUndefined();
    expect(await openPrefill(keys, unsigned)).toBeUndefined();
  });

  it('does not open once expired, nor without an expiry', async () => {
    const key = keys.byKid.get('k1')!;
    const expired = await new EncryptJWT({ customer: ada })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt(1_600_000_000)
      .setExpirationTime(1_600_000_100)
      .encrypt(key);
    const forever = await new EncryptJWT({ customer: ada }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' }).setAudience('handoff:prefill').setIssuedAt().encrypt(key);
    expect(await openPrefill(keys, expired)).toBeUndefined();
    expect(await openPrefill(keys, forever)).toBeUndefined();
  });

  it('does not open our own encryption of something that is not a remembered customer', async () => {
    const key = keys.byKid.get('k1')!;
    const otherAudience = await new EncryptJWT({ customer: ada })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' })
      .setAudience('elsewhere')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(key);
    const extraField = await new EncryptJWT({ customer: { ...ada, card: 'x' } })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' })
      .setAudience('handoff:prefill')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(key);
    const notJson = await new CompactEncrypt(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' }).encrypt(key);
    for (const token of [otherAudience, extraField, notJson]) expect(await openPrefill(keys, token)).toBeUndefined();
  });

  it('refuses a value over 4 kB', async () => {
    const sealed = await sealPrefill(keys, ada);
    expect(await openPrefill(keys, sealed + 'A'.repeat(4096))).toBeUndefined();
  });

  it('shrugs off garbage', async () => {
    for (const junk of ['', '....', 'a.b.c.d.e', '%00%ff', 'é.é.é.é.é', '\u0000']) expect(await openPrefill(keys, junk)).toBeUndefined();
  });
});

describe('COOKIE_KEY rotation', () => {
  it('encrypts with the first key and still opens cookies sealed with an older one', async () => {
    const oldKey = newKey();
    const before = keysOf(`k1:${oldKey}`);
    const after = keysOf(`k2:${newKey()},k1:${oldKey}`);
    const sealedBefore = await sealPrefill(before, ada);
    expect(await openPrefill(after, sealedBefore)).toEqual(ada);
    const sealedAfter = await sealPrefill(after, ada);
    expect(JSON.parse(Buffer.from(sealedAfter.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
    expect(await openPrefill(keysOf(`k1:${oldKey}`), sealedAfter)).toBeUndefined();
  });

  it('names a bare key by its hash, the same on every instance', () => {
    const key = newKey();
    expect(keysOf(key).current.kid).toBe(keysOf(key).current.kid);
    expect(keysOf(key).current.kid).not.toBe(keysOf(newKey()).current.kid);
  });

  it.each([
    ['a short key', base64url.encode(randomBytes(16))],
    ['a key that is not base64url', `${'+'.repeat(43)}`],
    ['a bad key id', `bad kid:${newKey()}`],
    ['the same key id twice', `a:${newKey()},a:${newKey()}`],
  ])('refuses %s, without printing the key', (_label, setting) => {
    let message = '';
    try {
      parseCookieKeys(setting);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/COOKIE_KEY/);
    for (const part of setting.split(/[,:]/)) if (part.length > 8) expect(message).not.toContain(part);
  });
});

describe('reading the Cookie header', () => {
  it('finds every value of one name among others, quoted or not, and nothing of look-alike names', () => {
    const header = 'a=1; handoff_prefill=one;handoff_prefill="two"; xhandoff_prefill=no; handoff_prefillx=no; =empty; junk; handoff_prefill=';
    expect(cookieValues(header, 'handoff_prefill')).toEqual(['one', 'two', '']);
    expect(cookieValues(undefined, 'handoff_prefill')).toEqual([]);
    expect(cookieValues(['a=1', 'handoff_prefill=x'], 'handoff_prefill')).toEqual(['x']);
  });
});
