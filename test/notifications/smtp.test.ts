import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder } from '../helpers/sales';
import { startSmtpServer, type SmtpServer } from './smtp-server';

let smtp: SmtpServer;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, SALES_EMAIL: 'sales-team@handoff.example' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('with SMTP_URL set', () => {
  it('emails go out through the SMTP server, once each, and no .eml file is written', async () => {
    const { order } = await placeOrder(t);
    await t.worker.runOnce();
    await t.worker.runOnce();
    const about = smtp.messages.filter((m) => m.data.includes(order.number));
    expect(about.map((m) => m.to)).toEqual([['<grace@example.com>'], ['<sales-team@handoff.example>']]);
    expect(about[0]!.data).toMatch(/^Subject: Order HO-\d{4}-\d{6} received: how to pay$/m);
    expect(existsSync(path.join(t.dataDir, 'mail'))).toBe(false);
  });
});
