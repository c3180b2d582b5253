/** One HTTP POST of a webhook payload, with a deadline: the outcome is what the delivery log records. */
import http from 'node:http';
import https from 'node:https';

export interface PostResult {
  status: number | null;
  error: string | null;
  responseBody: string;
}

const MAX_RECORDED_BODY = 500;

export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid endpoint URL ${url}`, responseBody: '' });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, signal });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: null, error: err.message, responseBody: '' }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MAX_RECORDED_BODY) text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null, responseBody: text.slice(0, MAX_RECORDED_BODY) }));
      res.on('error', (err) => resolve({ status: res.statusCode ?? null, error: err.message, responseBody: text }));
    });
    req.end(body);
  });
}
