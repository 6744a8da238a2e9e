/** Work the app has accepted and not finished, so a shutdown can wait for it. */
export class Inflight {
  private count = 0;
  private waiters: (() => void)[] = [];
  // Counted twice for an HTTP request whose listener runs on after the acknowledgement (the server counts the
  // request until its response closes, the request log until the listener ends), so the count never dips to 0
  // between the two; `size` is therefore "units of work", not requests.

  get size(): number {
    return this.count;
  }

  begin(): void {
    this.count++;
  }

  end(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(done);
    });
  }
}
