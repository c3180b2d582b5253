/** The sandbox's own certificate authority and server certificate, so it serves real, verified TLS
 * like Stripe does. The CA is made once per data dir and kept (a developer trusts it once through
 * NODE_EXTRA_CA_CERTS); the server certificate is reissued from it whenever it is missing or near
 * expiry. Keys come from Node's crypto (fast, native); node-forge only issues the X.509 certificates,
 * which Node's crypto cannot do. */
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type forge from 'node-forge';
import { writeAtomically } from './files';

export interface TlsMaterial {
  caPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;

/** node-forge is needed only when a certificate is issued (a new data dir, a renewal), so it is
 * not loaded on the starts that reuse the stored ones (README, Benchmarks). */
function forgeLib(): typeof forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a certificate is issued
  return require('node-forge') as typeof forge;
}
const CA_SUBJECT = [
  { name: 'commonName', value: 'handoff Stripe sandbox CA' },
  { name: 'organizationName', value: 'handoff (development only)' },
];

function newKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: forgeLib().pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** A DER INTEGER must be minimal and positive: the first byte neither 0x00 (OpenSSL refuses the
 * padding: "illegal padding") nor with its high bit set (read as negative). An odd-length hex
 * string with a leading 0, as before, gave a 0x00 first byte whenever the next one had its high
 * bit clear. */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

function newCertificate(publicKey: forge.pki.PublicKey, validDays: number): forge.pki.Certificate {
  const cert = forgeLib().pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + validDays * DAY_MS);
  return cert;
}

function createCa(): { certPem: string; keyPem: string } {
  const { keyPem, publicKey } = newKeyPair();
  const cert = newCertificate(publicKey, 3650);
  cert.setSubject(CA_SUBJECT);
  cert.setIssuer(CA_SUBJECT);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgeLib().pki.privateKeyFromPem(keyPem), forgeLib().md.sha256.create());
  return { certPem: forgeLib().pki.certificateToPem(cert), keyPem };
}

function createServerCert(ca: { certPem: string; keyPem: string }): { certPem: string; keyPem: string } {
  const { keyPem, publicKey } = newKeyPair();
  const caCert = forgeLib().pki.certificateFromPem(ca.certPem);
  const cert = newCertificate(publicKey, 365);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forgeLib().pki.privateKeyFromPem(ca.keyPem), forgeLib().md.sha256.create());
  return { certPem: forgeLib().pki.certificateToPem(cert), keyPem };
}

function readPair(certPath: string, keyPath: string): { certPem: string; keyPem: string } | undefined {
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}

/** A usable pair: parseable, the key matches the certificate, not near expiry, accepted by
 * OpenSSL as a TLS identity and, for the server certificate, really signed by the CA. Anything else
 * (a half-written or mixed-up pair left by two processes starting at once on one data dir) is
 * replaced. */
function usable(pair: { certPem: string; keyPem: string } | undefined, issuer?: string): pair is { certPem: string; keyPem: string } {
  if (!pair) return false;
  try {
    const cert = new X509Certificate(pair.certPem);
    const fresh = new Date(cert.validTo).getTime() - Date.now() > 30 * DAY_MS;
    if (!fresh || !cert.checkPrivateKey(createPrivateKey(pair.keyPem))) return false;
    createSecureContext({ cert: pair.certPem, key: pair.keyPem });
    return !issuer || cert.verify(new X509Certificate(issuer).publicKey);
  } catch {
    return false;
  }
}

/** A fresh pair is checked like a stored one before it is kept: once, in a test run, OpenSSL
 * refused a new server certificate ("illegal padding") that the checks above let through. */
function createUsable(make: () => { certPem: string; keyPem: string }, issuer?: string): { certPem: string; keyPem: string } {
  for (let attempt = 1; ; attempt++) {
    const pair = make();
    if (usable(pair, issuer) || attempt === 3) return pair;
  }
}

function writePair(certPath: string, keyPath: string, pair: { certPem: string; keyPem: string }): void {
  writeAtomically(keyPath, pair.keyPem, 0o600);
  writeAtomically(certPath, pair.certPem, 0o644);
}

/** Loads or creates the CA and server certificate under `<dataDir>/sandbox/`. */
export function ensureTls(dataDir: string): TlsMaterial {
  const dir = join(dataDir, 'sandbox');
  mkdirSync(dir, { recursive: true });
  const caPath = join(dir, 'ca.pem');
  const caKeyPath = join(dir, 'ca-key.pem');
  let ca = readPair(caPath, caKeyPath);
  let server = readPair(join(dir, 'server.pem'), join(dir, 'server-key.pem'));
  if (!usable(ca)) {
    ca = createUsable(createCa);
    writePair(caPath, caKeyPath, ca);
    server = undefined;
  }
  if (!usable(server, ca.certPem)) {
    const issuer = ca;
    server = createUsable(() => createServerCert(issuer), issuer.certPem);
    writePair(join(dir, 'server.pem'), join(dir, 'server-key.pem'), server);
  }
  return { caPath, caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
}
