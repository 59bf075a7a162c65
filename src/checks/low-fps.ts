import type { Check } from './types.js';

export const lowFps: Check = {
  id: 'LOW_FPS',
  evaluate(poll, ctx) {
    const limit = ctx.thresholds.fps;
    const threshold = `< ${limit} FPS`;
    if (!poll.ok)
      return { check: 'LOW_FPS', status: 'unknown', threshold, message: `${ctx.target}: no sample` };
    const fps = poll.sample.engine.fps;
    if (fps === undefined) {
      const why = poll.sample.unknown['engine.fps'] ?? 'not sent';
      return {
        check: 'LOW_FPS',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: FPS unknown (${why})`,
      };
    }
    const value = `${fps.toFixed(1)} FPS`;
    if (fps < limit) {
      return {
        check: 'LOW_FPS',
        status: 'critical',
        value,
        threshold,
        message: `${ctx.target}: FPS ${fps.toFixed(1)} below ${limit}`,
      };
    }
    return {
      check: 'LOW_FPS',
      status: 'ok',
      value,
      threshold,
      message: `${ctx.target}: FPS ${fps.toFixed(1)}`,
    };
  },
};
