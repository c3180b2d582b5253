import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../sandbox/tls';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-tls-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const signedBy = (certPem: string, caPem: string) => new X509Certificate(certPem).verify(new X509Certificate(caPem).publicKey);

describe('the sandbox certificates', () => {
  it('issues a server certificate for 127.0.0.1 and localhost, signed by a CA kept in the data dir', () => {
    const dir = newDir();
    const first = ensureTls(dir);
    const cert = new X509Certificate(first.certPem);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(new X509Certificate(first.caPem).ca).toBe(true);
    expect(signedBy(first.certPem, first.caPem)).toBe(true);
    const again = ensureTls(dir);
    expect(again.caPem).toBe(first.caPem);
    expect(again.certPem).toBe(first.certPem);
  });

  it('replaces a server certificate its CA did not sign (two starts racing on one data dir), keeping the CA', () => {
    const dir = newDir();
    const other = newDir();
    const mine = ensureTls(dir);
    ensureTls(other);
    copyFileSync(join(other, 'sandbox', 'server.pem'), join(dir, 'sandbox', 'server.pem'));
    copyFileSync(join(other, 'sandbox', 'server-key.pem'), join(dir, 'sandbox', 'server-key.pem'));
    const repaired = ensureTls(dir);
    expect(repaired.caPem).toBe(mine.caPem);
    expect(signedBy(repaired.certPem, repaired.caPem)).toBe(true);
  });

  it('starts over from a half-written CA file', () => {
    const dir = newDir();
    const before = ensureTls(dir);
    writeFileSync(join(dir, 'sandbox', 'ca.pem'), before.caPem.slice(0, 100));
    const after = ensureTls(dir);
    expect(after.caPem).not.toBe(before.caPem);
    expect(signedBy(after.certPem, after.caPem)).toBe(true);
  });
});
