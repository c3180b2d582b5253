import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { createTransport as CreateTransport, Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of `text`, for the kinds that have one. */
  html?: string | undefined;
  /** Stable per outbox row, so a resend after a crash is recognisably the same message. */
  messageId: string;
  /** Names the .eml file in development. */
  fileName: string;
  /** Extra headers, e.g. List-Unsubscribe on product alerts (RFC 8058). */
  headers?: Record<string, string>;
  /** Files sent with the message (a ticket's QR code, a calendar invitation). */
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

export interface Mailer {
  readonly description: string;
  send(email: OutgoingEmail): Promise<void>;
}

/** SMTP when configured; otherwise each email is written as an .eml file under `<dataDir>/mail`,
 * which any mail program opens. */
export function createMailer(opts: { smtpUrl: string | undefined; from: string; dataDir: string }): Mailer {
  if (opts.smtpUrl) {
    // Bounded well inside the job lease (2 minutes), so a hung server cannot let a second worker
    // take the same email while the first is still sending it.
    const smtpUrl = opts.smtpUrl;
    const transport = onFirstUse((createTransport) => createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }));
    return {
      description: `SMTP at ${new URL(opts.smtpUrl).host}`,
      send: async (email) => {
        await (await transport()).sendMail(message(opts.from, email));
      },
    };
  }
  const dir = path.join(opts.dataDir, 'mail');
  const transport = onFirstUse((createTransport) => createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    description: `.eml files in ${dir}`,
    send: async (email) => {
      const info = await (await transport()).sendMail(message(opts.from, email));
      await mkdir(dir, { recursive: true });
      // Same name on a rerun: the file is replaced, never doubled.
      await writeFile(path.join(dir, email.fileName), info.message as Buffer);
    },
  };
}

/** nodemailer is loaded and the transport made on the first email, not at start (README, Benchmarks). */
function onFirstUse(make: (createTransport: typeof CreateTransport) => Transporter): () => Promise<Transporter> {
  let transport: Promise<Transporter> | undefined;
  return () => (transport ??= import('nodemailer').then(({ createTransport }) => make(createTransport)));
}

function message(from: string, email: OutgoingEmail) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    messageId: email.messageId,
    ...(email.headers ? { headers: email.headers } : {}),
    ...(email.attachments ? { attachments: email.attachments } : {}),
  };
}
