import { businessCounter, failureOutcome } from '../shared/business-metrics';
import type { RefundAnswer } from './refunds.schemas';

const refunds = businessCounter(
  'refunds_total',
  'Staff refund requests by method (the processor or how sales paid back) and outcome: succeeded, pending, failed (the processor refused), replayed, refused (4xx), unavailable (503)',
  ['method', 'outcome'],
);

/** Counts one refund request, whichever way it ends, and hands its result on. */
export async function countRefund<T extends { replayed: boolean; body: RefundAnswer }>(requesting: Promise<T>): Promise<T> {
  try {
    const result = await requesting;
    refunds.inc({ method: result.body.refund.method, outcome: result.replayed ? 'replayed' : result.body.refund.status });
    return result;
  } catch (err) {
    refunds.inc({ method: 'unknown', outcome: failureOutcome(err) });
    throw err;
  }
}
