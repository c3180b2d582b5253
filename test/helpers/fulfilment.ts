import request from 'supertest';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { signOrderToken } from '../../src/shared/keys';
import type { TestApp } from './app';
import { decodeEml, rawMailbox } from './sales';

/** Runs the worker until no job is left to run (a delivery queues its emails, which run next). */
export async function runJobs(t: TestApp): Promise<void> {
  while ((await t.worker.runOnce()) > 0);
}

/** What the order delivered, read as the shopper reads it (with an order token). */
export async function deliveryOf(t: TestApp, orderId: string) {
  const token = await signOrderToken(t.ctx.keys, orderId);
  const res = await request(t.app).get(`/api/orders/${orderId}/delivery`).set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`delivery not read: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    licences: Array<{ id: string; sku: string; quantity: number; licence_key: string; revoked_at: string | null; has_download: boolean }>;
    tickets: Array<{ id: string; code: string; token: string; seat_no: number; revoked_at: string | null; checked_in_at: string | null }>;
    seats: Array<{ id: string; sku: string; seat_no: number; name: string | null; email: string | null; released_at: string | null }>;
  };
}

/** Verifies a token offline, as licensed software or a door scanner would: with the JWKS the
 * service publishes and nothing else. Undefined when it does not verify. */
export async function verifyWithPublishedKey(t: TestApp, token: string, typ: string): Promise<JWTPayload | undefined> {
  const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as { keys: [] };
  try {
    return (await jwtVerify(token, createLocalJWKSet(jwks), { typ, algorithms: ['ES256'] })).payload;
  } catch {
    return undefined;
  }
}

export interface MailPart {
  contentType: string;
  filename: string | null;
  body: Buffer;
}

/** The MIME parts of an .eml file as nodemailer writes it (one level of multipart, or nested
 * mixed/alternative), each decoded from base64 or quoted-printable. */
export function mailParts(raw: string): MailPart[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  const parts: MailPart[] = [];
  for (const boundary of boundaries) {
    for (const chunk of raw.split(`--${boundary}`).slice(1)) {
      const split = chunk.search(/\r?\n\r?\n/);
      if (split < 0) continue;
      const head = chunk.slice(0, split);
      if (/boundary=/i.test(head) || !/Content-Type:/i.test(head)) continue;
      const body = chunk.slice(split).trim();
      const encoding = /Content-Transfer-Encoding: *([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
      const decoded =
        encoding === 'base64'
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
          : encoding === 'quoted-printable'
            ? Buffer.from(
                body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
                'latin1',
              )
            : Buffer.from(body);
      const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1] ?? null;
      parts.push({ contentType: /Content-Type: *([^;\r\n]+)/i.exec(head)![1]!.trim(), filename, body: decoded });
    }
  }
  return parts;
}

/** The written emails whose file name ends with this kind: `text` decoded for reading, `raw` as
 * written (mailParts takes it apart). */
export const mailsOfKind = (t: TestApp, kind: string) =>
  rawMailbox(t)
    .filter((m) => m.file.endsWith(`-${kind}.eml`))
    .map((m) => ({ file: m.file, text: decodeEml(m.text), raw: m.text }));
