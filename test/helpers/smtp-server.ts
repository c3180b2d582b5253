import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SmtpMessage {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpServer {
  url: string;
  messages: SmtpMessage[];
  close(): Promise<void>;
}

/** Just enough SMTP (RFC 5321, no TLS, no auth) for a real client to deliver to: a mail server on
 * this machine that keeps what it receives. */
export async function startSmtpServer(): Promise<SmtpServer> {
  const messages: SmtpMessage[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let current: SmtpMessage = { from: '', to: [], data: '' };
    let inData = false;
    let buffer = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 test-smtp ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(current);
            current = { from: '', to: [], data: '' };
            reply('250 queued');
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        switch (line.slice(0, 4).toUpperCase()) {
          case 'MAIL':
            current.from = line.slice(10).trim();
            break;
          case 'RCPT':
            current.to.push(line.slice(8).trim());
            break;
          case 'DATA':
            inData = true;
            reply('354 go ahead');
            continue;
          case 'QUIT':
            reply('221 bye');
            socket.end();
            continue;
        }
        reply('250 ok');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
