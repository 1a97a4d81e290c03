// Retry pacing for MISP polling: exponential backoff with full jitter, and a circuit breaker that
// stops hammering a MISP that keeps failing (reference conventions §D5).

/** `random(0, min(cap, base · 2^attempt))`; attempt counts from 0. */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one probe is allowed. */
  resetMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private stateValue: BreakerState = 'closed';

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number,
  ) {}

  get state(): BreakerState {
    if (this.stateValue === 'open' && this.now() - this.openedAt >= this.options.resetMs) this.stateValue = 'half-open';
    return this.stateValue;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a call may go out now (closed, or the half-open probe). */
  allows(): boolean {
    return this.state !== 'open';
  }

  /** Milliseconds until the breaker lets a probe through. */
  waitMs(): number {
    return this.state === 'open' ? Math.max(0, this.options.resetMs - (this.now() - this.openedAt)) : 0;
  }

  success(): void {
    this.failures = 0;
    this.stateValue = 'closed';
  }

  failure(): void {
    this.failures += 1;
    if (this.stateValue === 'half-open' || this.failures >= this.options.threshold) {
      this.stateValue = 'open';
      this.openedAt = this.now();
    }
  }
}
