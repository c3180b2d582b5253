import { businessCounter } from '../shared/business-metrics';

const referrals = businessCounter(
  'referrals_total',
  'Signed referrals delivered to partners, by outcome: sent (2xx), failed (refused address, no answer or not 2xx; the job retries)',
  ['outcome'],
);

/** Counts one delivery attempt and passes its result on. */
export async function countReferral(delivering: Promise<void>): Promise<void> {
  try {
    await delivering;
    referrals.inc({ outcome: 'sent' });
  } catch (err) {
    referrals.inc({ outcome: 'failed' });
    throw err;
  }
}
