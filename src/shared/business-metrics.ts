import { Counter, Histogram, Registry } from 'prom-client';

/** Business figures (orders, payments, webhook outcomes, jobs, ...) are counted where they happen,
 * in code that has no app at hand: they live in one process-wide registry, which /metrics serves
 * beside the app's own (HTTP, pool). Each capability defines its own figures with these helpers in
 * its `*.metrics.ts`. Several apps in one process (tests) share these counters: tests read
 * differences, never absolute values. */
export const businessRegistry = new Registry();

/** Defined once per name: a second definition (a module loaded twice) gets the first. */
export function businessCounter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  const existing = businessRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [businessRegistry] });
}

export function businessHistogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
  const existing = businessRegistry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ name, help, labelNames, buckets, registers: [businessRegistry] });
}

/** Seconds since `startedAt` (from `performance.now()`). */
export const secondsSince = (startedAt: number) => (performance.now() - startedAt) / 1000;

/** The outcome label of a failed use case, from the status it will be answered with. */
export function failureOutcome(err: unknown): string {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return 'error';
  if (status === 503) return 'unavailable';
  if (status === 409) return 'conflict';
  return status >= 400 && status < 500 ? 'refused' : 'error';
}
