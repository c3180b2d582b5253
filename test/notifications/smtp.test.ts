import { existsSync } from 'node:fs';
import path from 'node:path';
import { createMailer } from '../../src/notifications';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder } from '../helpers/sales';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp-server';

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

describe('with ?requireTLS=true in SMTP_URL', () => {
  it('an email is not sent to a server that offers no STARTTLS: it fails, and nothing arrives in clear', async () => {
    const before = smtp.messages.length;
    const mailer = createMailer({ smtpUrl: `${smtp.url}?requireTLS=true`, from: 'shop@handoff.example', dataDir: t.dataDir });
    const email = { to: 'grace@example.com', subject: 'Your order', text: 'Grace Hopper, your order', messageId: '<tls-test@handoff.example>', fileName: 'tls-test.eml' };
    await expect(mailer.send(email)).rejects.toThrow();
    expect(smtp.messages.length).toBe(before);
  });
});
