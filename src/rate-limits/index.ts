export { failedSignInLimit, orderRateLimit } from './rate-limit';
export { purgeExpiredRateLimits } from './rate-limit-store';
