/** Injected trouble for fault and benchmark tests: the next N API calls fail with a 500, a 429 or a
 * timeout (the sandbox holds the request and never answers), optionally only for one path, and
 * optionally after the call has taken effect (the answer is lost, the change is not); plus a
 * fixed latency added to every API call. */
export type FaultKind = '500' | '429' | 'timeout';

export interface FaultSpec {
  kind: FaultKind;
  count: number;
  /** Only calls whose path starts with this (e.g. `/v1/refunds`) count. */
  path?: string;
  method?: string;
  /** Fail after processing: the state changes and the idempotency key is saved, the answer is lost. */
  after?: boolean;
}

export class Faults {
  latencyMs = 0;
  private queue: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    if (spec.count > 0) this.queue.push({ ...spec });
  }

  clear(): void {
    this.queue = [];
    this.latencyMs = 0;
  }

  pending(): FaultSpec[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** The fault that applies to this call, if any; each call uses up one. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.queue.find((f) => (!f.path || path.startsWith(f.path)) && (!f.method || f.method.toUpperCase() === method));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count === 0) this.queue.splice(this.queue.indexOf(fault), 1);
    return fault;
  }
}
