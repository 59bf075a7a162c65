/**
 * One timer for every simulated game in the process: a fleet of 1000 games costs one interval,
 * not 1000. Subscribers get the elapsed seconds since the previous tick.
 */
export const TICK_MS = 200;

type Tick = (dtSeconds: number, nowMs: number) => void;

const subscribers = new Set<Tick>();
let timer: NodeJS.Timeout | undefined;
let last = 0;

function run(): void {
  const now = Date.now();
  const dt = Math.max(0, (now - last) / 1000);
  last = now;
  for (const tick of subscribers) tick(dt, now);
}

export function onTick(tick: Tick): () => void {
  subscribers.add(tick);
  if (!timer) {
    last = Date.now();
    timer = setInterval(run, TICK_MS);
    // The servers keep the process alive; the ticker alone must not.
    timer.unref();
  }
  return () => {
    subscribers.delete(tick);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
