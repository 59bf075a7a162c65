import { formatMb } from './format.js';
import type { Check, CheckContext, OkPoll } from './types.js';

/**
 * Godot reports static memory as 0 in release builds, so 0 is "not reported", never "0 MB":
 * then the process's resident memory stands in, and without it the answer is "unknown".
 */
export function memoryReading(
  poll: OkPoll,
  ctx: CheckContext,
): { bytes: number; source: 'static' | 'resident' } | { bytes?: undefined; why: string } {
  const staticBytes = poll.sample.memory.staticBytes;
  if (staticBytes !== undefined && staticBytes > 0) return { bytes: staticBytes, source: 'static' };
  if (ctx.processResidentBytes !== undefined) return { bytes: ctx.processResidentBytes, source: 'resident' };
  const staticWhy =
    staticBytes === 0
      ? 'static memory reads 0 (release build)'
      : (poll.sample.unknown['memory.static'] ?? 'static memory not sent');
  const processWhy = ctx.processConfigured
    ? 'the game process could not be read'
    : 'no process pid/pid_file configured';
  return { why: `${staticWhy}; ${processWhy}` };
}

export const highMemory: Check = {
  id: 'HIGH_MEMORY',
  evaluate(poll, ctx) {
    const limit = ctx.thresholds.memoryBytes;
    const warnAt = limit * ctx.thresholds.memoryWarningRatio;
    const threshold = `>= ${formatMb(limit)} (warning at ${formatMb(warnAt)})`;
    if (!poll.ok)
      return { check: 'HIGH_MEMORY', status: 'unknown', threshold, message: `${ctx.target}: no sample` };
    const reading = memoryReading(poll, ctx);
    if (reading.bytes === undefined) {
      return {
        check: 'HIGH_MEMORY',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: memory unknown (${reading.why})`,
      };
    }
    const value = `${formatMb(reading.bytes)} ${reading.source}`;
    if (reading.bytes >= limit) {
      return {
        check: 'HIGH_MEMORY',
        status: 'critical',
        value,
        threshold: `>= ${formatMb(limit)}`,
        message: `${ctx.target}: memory ${formatMb(reading.bytes)} at or over ${formatMb(limit)}`,
      };
    }
    if (reading.bytes >= warnAt) {
      return {
        check: 'HIGH_MEMORY',
        status: 'warning',
        value,
        threshold: `>= ${formatMb(warnAt)}`,
        message: `${ctx.target}: memory ${formatMb(reading.bytes)} over ${Math.round(ctx.thresholds.memoryWarningRatio * 100)}% of ${formatMb(limit)}`,
      };
    }
    return {
      check: 'HIGH_MEMORY',
      status: 'ok',
      value,
      threshold,
      message: `${ctx.target}: memory ${formatMb(reading.bytes)}`,
    };
  },
};
