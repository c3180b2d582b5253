/** "Card information is never remembered": the one home of that promise. Detection (any script,
 * any separators, Luhn), the request guard that refuses card data, the mask every log line goes
 * through, and the database scan behind `npm run scan-card-data`. A leaf: it imports only shared/. */
export { CARD_MASK, containsCardNumber, findCardNumbers, isCardNumber, luhnValid, maskCardNumbers, mayHoldCardNumberUtf8, type TextSpan } from './detect';
export { isCardFieldName, scanValue, type CardFinding } from './values';
export { cardGuard, sanitizeParseError, scrubParserErrors } from './guard';
export { maskLogLine } from './log-mask';
export { scanDatabaseForCardNumbers, type CardHit, type ScanOptions, type ScanReport } from './scan';
