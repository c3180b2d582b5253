import type { ConsentPurpose } from './privacy.table';

export interface Wording {
  version: string;
  text: string;
}

/**
 * The exact words a shopper agrees to, versioned. The ledger stores the text beside the version, so
 * what someone agreed to stays readable after the words change. Change the words: add a version,
 * never edit one (a consent given to v1 was given to v1's words). Shops show them via
 * GET /api/privacy/wording so the screen and the record cannot differ.
 */
export const CONSENT_WORDING: Readonly<Record<ConsentPurpose, Wording>> = Object.freeze({
  product_alerts: Object.freeze({
    version: 'product_alerts/2026-11-29',
    text:
      'Email me about new products, trainings and events. handoff uses my email address for this and nothing else, ' +
      'never shares it for marketing, and stops when I use the unsubscribe link in any of these emails.',
  }),
});
