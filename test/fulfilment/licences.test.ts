import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { signOrderToken } from '../../src/shared/keys';
import { startTestApp, type TestApp } from '../helpers/app';
import { asBytes } from '../helpers/bytes';
import { postRefund, salesOrderPaid } from '../helpers/payments';
import { deliveryOf, mailsOfKind, runJobs, verifyWithPublishedKey } from '../helpers/fulfilment';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let finance: string;
beforeAll(async () => {
  t = await startTestApp({ DOWNLOAD_LINK_MAX_USES: '2' });
  finance = await staffToken(t, ['finance']);
  mkdirSync(path.join(t.dataDir, 'downloads'), { recursive: true });
  writeFileSync(path.join(t.dataDir, 'downloads', 'handoff-suite-standard.zip'), 'PK-not-really-a-zip');
});
afterAll(() => t.close());

const revocations = async () => {
  const res = await request(t.app).get('/licences/revocations');
  expect(res.headers['content-type']).toMatch(/^application\/jwt/);
  return (await verifyWithPublishedKey(t, res.text, 'handoff-licence-revocations+jwt')) as { revoked: Array<{ jti: string }> } | undefined;
};
const download = (url: string) => {
  const u = new URL(url);
  return asBytes(request(t.app).get(`${u.pathname}${u.search}`));
};
const licenceOrder = async (items = [{ sku: 'SW-STD', quantity: 1 }]) => {
  const order = await salesOrderPaid(t, { items }, {});
  await runJobs(t);
  return { order, delivery: await deliveryOf(t, order.id) };
};

describe('software licences', () => {
  it('are emailed as a key to paste, with a download link that works a limited number of times', async () => {
    const { order, delivery } = await licenceOrder();
    const [mail] = mailsOfKind(t, 'licences_delivered').filter((m) => m.file.startsWith(`${order.number}-`));
    expect(mail!.text).toContain(`-----BEGIN HANDOFF LICENCE-----\n${delivery.licences[0]!.licence_key}\n-----END HANDOFF LICENCE-----`);
    const url = /Download: (\S+)/.exec(mail!.text)![1]!;
    const first = await download(url);
    expect(first.status).toBe(200);
    expect(first.headers['content-disposition']).toBe('attachment; filename=handoff-suite-standard.zip');
    expect(first.body.toString()).toBe('PK-not-really-a-zip');
    expect((await download(url)).status).toBe(200);
    const used = await download(url);
    expect(used.status).toBe(410);
    expect(JSON.parse(used.body.toString()).code).toBe('download_link_expired');

    const fresh = await request(t.app)
      .post(`/api/orders/${order.id}/licences/${delivery.licences[0]!.id}/download-links`)
      .set('Authorization', `Bearer ${await signOrderToken(t.ctx.keys, order.id)}`);
    expect(fresh.status).toBe(201);
    expect((await download(fresh.body.url)).status).toBe(200);
    expect((await download(`${fresh.body.url.slice(0, -4)}AAAA`)).status).toBe(410);
  });

  it('are revoked by a full refund: on the signed revocation list, downloads closed', async () => {
    const { order, delivery } = await licenceOrder();
    const licence = delivery.licences[0]!;
    expect((await revocations())!.revoked.map((r) => r.jti)).not.toContain(licence.id);
    expect((await postRefund(t, finance, order.id, { amount: order.total, method: 'bank_transfer', reference: 'all back' })).status).toBe(201);
    await runJobs(t);
    expect((await revocations())!.revoked.map((r) => r.jti)).toContain(licence.id);
    const asked = await request(t.app)
      .post(`/api/orders/${order.id}/licences/${licence.id}/download-links`)
      .set('Authorization', `Bearer ${await signOrderToken(t.ctx.keys, order.id)}`);
    expect(asked.status).toBe(422);
    expect(asked.body.code).toBe('licence_revoked');
  });

  it('stay valid on a partial refund that does not cover their whole line', async () => {
    const { order, delivery } = await licenceOrder([{ sku: 'SW-PRO', quantity: 2 }]);
    await postRefund(t, finance, order.id, { amount: Math.floor(order.total / 2), method: 'bank_transfer', reference: 'half' });
    await runJobs(t);
    expect((await deliveryOf(t, order.id)).licences[0]!.revoked_at).toBeNull();
    expect((await revocations())!.revoked.map((r) => r.jti)).not.toContain(delivery.licences[0]!.id);
  });
});
