import request from 'supertest';

/** One scrape of /metrics, read as Prometheus text. */
export async function scrape(baseUrl: string, token?: string): Promise<Scrape> {
  const req = request(baseUrl).get('/metrics');
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return new Scrape(res.text);
}

export class Scrape {
  constructor(readonly text: string) {}

  /** The sum of every sample of `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels: Record<string, string> = {}): number {
    let sum = 0;
    for (const line of this.text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(match[3]);
    }
    return sum;
  }
}
