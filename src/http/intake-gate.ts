// Flood control that knows nothing about who floods: token buckets for all intake and for each
// desk, and a proof-of-work difficulty that rises as the global bucket drains. Per process; the
// buckets refill continuously from the injected clock.
import type { Clock } from '../domain/context.ts';

export interface IntakeLimits {
  /** Submissions per minute across the instance (burst = one minute's worth). */
  globalPerMinute: number;
  /** Submissions per minute to one desk. */
  perDeskPerMinute: number;
  /** Leading zero bits of the proof of work at rest; 0 disables proof of work. */
  powDifficulty: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { globalPerMinute: 600, perDeskPerMinute: 300, powDifficulty: 16 };

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private readonly perMinute: number, now: number) {
    this.tokens = perMinute;
    this.last = now;
  }
  private refill(now: number) {
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
    this.last = now;
  }
  /** Seconds until a token is free; 0 when one was taken. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perMinute) * 60);
  }
  fill(now: number): number {
    this.refill(now);
    return this.tokens / this.perMinute;
  }
}

export class IntakeGate {
  private readonly global: TokenBucket;
  private readonly desks = new Map<string, TokenBucket>();
  constructor(private readonly limits: IntakeLimits, private readonly clock: Clock) {
    this.global = new TokenBucket(limits.globalPerMinute, clock.now().getTime());
  }

  /** Takes one submission's tokens; returns the seconds to wait when over a limit, else 0. */
  admit(desk: string): number {
    const now = this.clock.now().getTime();
    let bucket = this.desks.get(desk);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.perDeskPerMinute, now);
      // Desk names come from requests: cap the map so made-up names cannot grow it forever.
      if (this.desks.size > 10_000) this.desks.clear();
      this.desks.set(desk, bucket);
    }
    const waitDesk = bucket.take(now);
    if (waitDesk > 0) return waitDesk;
    return this.global.take(now);
  }

  /** Harder puzzles while intake runs hot: +4 bits below half the global bucket, +8 below a fifth. */
  powDifficulty(): number {
    if (this.limits.powDifficulty === 0) return 0;
    const fill = this.global.fill(this.clock.now().getTime());
    return this.limits.powDifficulty + (fill < 0.2 ? 8 : fill < 0.5 ? 4 : 0);
  }
}
