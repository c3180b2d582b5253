import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyAddress } from '../../../src/shared/net/ip-ranges';
import { outboundPolicy, OutboundRefused, outboundUrlProblem, resolveOutbound } from '../../../src/shared/http/outbound-address';
import { postToTarget } from '../../../src/shared/http/outbound-post';
import { testResolver } from '../../helpers/production-app';

describe('classifying an address', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'internal'],
    ['172.31.255.255', 'internal'],
    ['192.168.0.1', 'internal'],
    ['100.64.0.1', 'internal'],
    ['100.127.255.255', 'internal'],
    ['169.254.169.254', 'internal'],
    ['192.0.0.192', 'internal'],
    ['224.0.0.251', 'internal'],
    ['255.255.255.255', 'internal'],
    ['fd00::1', 'internal'],
    ['fc00::1', 'internal'],
    ['fe80::1', 'internal'],
    ['fe80::1%eth0', 'internal'],
    ['ff02::1', 'internal'],
    ['2001:db8::1', 'internal'],
    ['::ffff:10.0.0.1', 'internal'],
    ['64:ff9b::a9fe:a9fe', 'internal'],
    ['2002:c0a8:101::1', 'internal'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'internal'],
    ['not an address', 'internal'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('checking a URL outside production', () => {
  const dev = outboundPolicy({ publicOnly: false });
  const problem = (url: string) => outboundUrlProblem(new URL(url), dev);

  it('lets https anywhere and plain http to this machine through', () => {
    for (const url of ['https://partner.example/r', 'https://10.0.0.1/', 'http://127.0.0.1:9/r', 'http://localhost:9/r', 'http://[::1]:9/r', 'http://2130706433:9/r']) {
      expect([url, problem(url)]).toEqual([url, undefined]);
    }
  });

  it('refuses plain http elsewhere, credentials, and the unspecified address in any form', () => {
    for (const url of [
      'http://partner.example/r',
      'http://10.0.0.1/',
      'https://user:pw@partner.example/',
      'https://0.0.0.0/',
      'http://0.0.0.0:9/',
      'https://0/',
      'https://[::]/',
      'https://[::ffff:0.0.0.0]/',
    ]) {
      expect([url, problem(url)]).toEqual([url, expect.any(String)]);
    }
  });
});

describe('resolving a target', () => {
  const dns = testResolver();
  const prod = outboundPolicy({ publicOnly: true, resolve: dns.resolve });

  it('keeps every public address the name resolves to', async () => {
    dns.answer('partner.partner-test.net', '93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c');
    const target = await resolveOutbound(new URL('https://partner.partner-test.net/r'), prod);
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']);
  });

  it('refuses the whole name when any answer is internal, naming host and address', async () => {
    dns.answer('mixed.partner-test.net', '93.184.215.14', '169.254.169.254');
    await expect(resolveOutbound(new URL('https://mixed.partner-test.net/r'), prod)).rejects.toThrow(
      new OutboundRefused(
        'mixed.partner-test.net resolves to 169.254.169.254, an internal address (private, link-local, shared, multicast or reserved); only public addresses are called.',
      ),
    );
  });

  it("passes the resolver's own error on, so callers can tell 'no such name' from 'DNS is down'", async () => {
    await expect(resolveOutbound(new URL('https://unknown.partner-test.net/'), prod)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    dns.fail('down.partner-test.net', 'EAI_AGAIN');
    await expect(resolveOutbound(new URL('https://down.partner-test.net/'), prod)).rejects.toMatchObject({ code: 'EAI_AGAIN' });
  });
});

describe('posting to a target', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ host: string | undefined; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        res.writeHead(req.url === '/moved' ? 307 : 202, { Location: '/elsewhere' }).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the checked addresses without asking DNS again, and sends the name as Host', async () => {
    // No resolver knows a .invalid name (RFC 6761): only the pinned address can have been used.
    const target = { url: new URL(`http://pinned.partner-test.invalid:${port}/in`), addresses: [{ address: '127.0.0.1', family: 4 as const }] };
    expect(await postToTarget(target, { headers: { 'Content-Type': 'text/plain' }, body: 'hello', timeoutMs: 5000 })).toBe(202);
    expect(seen.at(-1)).toEqual({ host: `pinned.partner-test.invalid:${port}`, body: 'hello' });
  });

  it('answers a redirect with its status and does not follow it', async () => {
    const before = seen.length;
    const target = { url: new URL(`http://127.0.0.1:${port}/moved`), addresses: [{ address: '127.0.0.1', family: 4 as const }] };
    expect(await postToTarget(target, { headers: {}, body: 'x', timeoutMs: 5000 })).toBe(307);
    expect(seen.length).toBe(before + 1);
  });

  it('fails when no checked address fits the socket', async () => {
    const target = { url: new URL(`http://pinned.partner-test.invalid:${port}/in`), addresses: [] };
    await expect(postToTarget(target, { headers: {}, body: 'x', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
