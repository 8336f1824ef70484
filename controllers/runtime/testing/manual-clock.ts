/**
 * A Clock for unit tests: time moves only when the test calls advance(), which fires due timers in order.
 */
import type { CancelTimer, Clock } from '../clock.js';

/** A hand-driven Clock. */
export class ManualClock implements Clock {
  private timers: Array<{ due: number; seq: number; fn: () => void }> = [];
  private seq = 0;
  /** @param time start time, ms since the epoch @default 1_700_000_000_000 */
  constructor(private time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, ms: number): CancelTimer {
    const timer = { due: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  /** Moves time forward by ms, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      next.fn();
    }
    this.time = end;
  }
  /** Number of timers not yet fired. */
  pending(): number {
    return this.timers.length;
  }
}
