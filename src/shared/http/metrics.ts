import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type pg from 'pg';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  counter(name: string, help: string, labelNames?: string[]): Counter<string>;
  /** A gauge read when /metrics is scraped. */
  gauge(name: string, help: string, read: () => number): void;
}

/** One registry per app instance, so tests can build many apps in one process. */
export function createMetrics(pool: pg.Pool): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => number) => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge('db_pool_total_connections', 'Connections open in the pool', () => pool.totalCount);
  gauge('db_pool_idle_connections', 'Idle connections in the pool', () => pool.idleCount);
  gauge('db_pool_waiting_requests', 'Queries waiting for a connection', () => pool.waitingCount);
  const lost = new Counter({
    name: 'db_connection_errors_total',
    help: 'Pooled connections that died (terminated backend, restarted server, network); each is discarded',
    registers: [registry],
  });
  pool.on('connect', (client) => client.once('error', () => lost.inc()));
  const problems = new Counter({
    name: 'http_problem_responses_total',
    help: 'Error answers by status and problem code (database_unavailable, database_busy, ...)',
    labelNames: ['status', 'code'],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // The route pattern, never the raw path: ids must not explode the label set.
      // Express's route path is a string, a RegExp or an array of them: their text names the route.
      const routePath = (req.route as { path?: string | RegExp | Array<string | RegExp> } | undefined)?.path;
      const route = routePath ? `${req.baseUrl}${String(routePath)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
      const code: unknown = res.locals.problemCode;
      if (typeof code === 'string') problems.inc({ status: String(res.statusCode), code });
    });
    next();
  };
  const counters = new Map<string, Counter<string>>();
  const counter = (name: string, help: string, labelNames: string[] = []) => {
    let c = counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames, registers: [registry] });
      counters.set(name, c);
    }
    return c;
  };
  return { registry, middleware, counter, gauge };
}
