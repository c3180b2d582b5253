/** The sandbox's notion of "now". Tests move it forward through a control so that expiry by time
 * (sessions at `expires_at`, idempotency keys after 24 hours) can be shown without waiting. */
export class Clock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Unix seconds, as in every `created` and `expires_at` field. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
