/**
 * One shared answer for many callers: while a request runs, every caller joins it; a finished
 * answer younger than the caller's `maxAgeMs` is handed out without asking again. `run` must not
 * reject (it returns failures as values), so a failure is shared like a success, which is what keeps
 * a down or stalled game from being hammered by every scraper at once.
 */
export class SingleFlight<T extends { at: number }> {
  private last: T | undefined;
  private inflight: Promise<T> | undefined;

  constructor(private readonly run: () => Promise<T>) {}

  get(maxAgeMs: number): Promise<T> {
    if (this.last && Date.now() - this.last.at < maxAgeMs) return Promise.resolve(this.last);
    if (!this.inflight) {
      this.inflight = this.run().then(
        (result) => {
          this.last = result;
          this.inflight = undefined;
          return result;
        },
        (err: unknown) => {
          // A bug in run() must not leave every later caller waiting on a settled promise.
          this.inflight = undefined;
          throw err;
        },
      );
    }
    return this.inflight;
  }

  latest(): T | undefined {
    return this.last;
  }
}

/** Waits for `promise` at most `ms`; `onTimeout` makes the answer then (the promise keeps running). */
export function withDeadline<T>(promise: Promise<T>, ms: number | undefined, onTimeout: () => T): Promise<T> {
  if (ms === undefined || !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout()), Math.max(0, ms));
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
