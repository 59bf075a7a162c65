import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** Waits (bounded) until `url` answers 200; `alive()` false ends the wait early. */
export async function waitForHttp200(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && alive()) {
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
