import { accessLine } from './log-format.js';
import type { Rng } from './rng.js';

const PLAYER_REQUESTS: readonly { method: string; target: string; bytes: number }[] = [
  { method: 'GET', target: '/status', bytes: 420 },
  { method: 'GET', target: '/scene', bytes: 96 },
  { method: 'GET', target: '/scenes', bytes: 512 },
  { method: 'GET', target: '/scene/history', bytes: 980 },
  { method: 'POST', target: '/scene', bytes: 110 },
  { method: 'GET', target: '/performance', bytes: 780 },
];

const AGENTS = [
  'SpaceTimeCompanion/2.3 (Android 14)',
  'SpaceTimeCompanion/2.3 (iOS 18.1)',
  'python-requests/2.32.3',
  'curl/8.5.0',
];

/**
 * Access-log lines for traffic the game did not really serve (the high-traffic and error-burst
 * scenarios): companion apps and scripts behind the studio's nginx. `errorRatio` of them are 5xx.
 */
export function syntheticAccessLines(rng: Rng, count: number, at: Date, errorRatio: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const req = rng.pick(PLAYER_REQUESTS);
    const failed = rng.next() < errorRatio;
    lines.push(
      accessLine({
        at,
        remote: `10.20.${Math.floor(rng.next() * 4)}.${2 + Math.floor(rng.next() * 250)}`,
        method: req.method,
        target: req.target,
        status: failed ? rng.pick([500, 502, 503]) : 200,
        bytes: failed ? 21 : req.bytes + Math.floor(rng.next() * 40),
        userAgent: rng.pick(AGENTS),
        requestTimeSeconds: 0.001 + rng.next() * (failed ? 0.5 : 0.03),
      }),
    );
  }
  return lines;
}
