/** Written by rate-limiter-flexible (see rate-limit-store.ts); `expire` is epoch milliseconds. */
export interface RateLimitTable {
  key: string;
  points: number;
  expire: number | null;
}
