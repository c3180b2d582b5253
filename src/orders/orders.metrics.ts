import { businessCounter, failureOutcome } from '../shared/business-metrics';

const ordersCreated = businessCounter(
  'orders_created_total',
  'POST /api/orders by payment method and outcome: created, replayed (same Idempotency-Key), refused (4xx), unavailable (503), conflict, error',
  ['payment_method', 'outcome'],
);

/** Counts one attempt to place an order, whichever way it ends, and hands its result on. */
export async function countOrder<T extends { replayed: boolean }>(paymentMethod: string, placing: Promise<T>): Promise<T> {
  try {
    const placed = await placing;
    ordersCreated.inc({ payment_method: paymentMethod, outcome: placed.replayed ? 'replayed' : 'created' });
    return placed;
  } catch (err) {
    ordersCreated.inc({ payment_method: paymentMethod, outcome: failureOutcome(err) });
    throw err;
  }
}
