import { formatDuration } from './format.js';
import type { Check } from './types.js';

/** The API answers but the game's own clock stands still: its main loop is frozen behind a live socket. */
export const staleSample: Check = {
  id: 'STALE_SAMPLE',
  evaluate(poll, ctx) {
    const limit = ctx.thresholds.staleAfterMs;
    const threshold = `game clock still for > ${formatDuration(limit)}`;
    if (!poll.ok)
      return { check: 'STALE_SAMPLE', status: 'unknown', threshold, message: `${ctx.target}: no sample` };
    const ts = poll.sample.timestampSeconds;
    if (ts === undefined) {
      return {
        check: 'STALE_SAMPLE',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: the sample has no timestamp`,
      };
    }
    // Walk back over earlier answers carrying the same (or an older) game time.
    let stillSince = poll.at;
    for (let i = ctx.history.length - 1; i >= 0; i--) {
      const p = ctx.history[i];
      const pts = p?.sample.timestampSeconds;
      if (!p || pts === undefined || pts < ts) break;
      stillSince = p.at;
    }
    const stillMs = poll.at - stillSince;
    if (stillMs > limit) {
      return {
        check: 'STALE_SAMPLE',
        status: 'critical',
        value: `unchanged for ${formatDuration(stillMs)}`,
        threshold,
        message: `${ctx.target}: stale sample: game timestamp ${ts} has not advanced for ${formatDuration(stillMs)}`,
      };
    }
    return {
      check: 'STALE_SAMPLE',
      status: 'ok',
      value: `timestamp ${ts}`,
      threshold,
      message: `${ctx.target}: game clock advancing`,
    };
  },
};
