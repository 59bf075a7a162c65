import { z } from 'zod';
import { CHECK_IDS } from '../checks/types.js';
import { durationMs } from '../config/duration.js';

/** Limits, in the units people write them: seconds/durations, megabytes, FPS, counts. */
const thresholdsSchema = z.strictObject({
  response_time: durationMs.optional(),
  memory_mb: z.number().positive().optional(),
  memory_warning_ratio: z.number().gt(0).lte(1).optional(),
  fps: z.number().nonnegative().optional(),
  rate_limit_violations: z.number().int().nonnegative().optional(),
  rate_limit_window: durationMs.optional(),
  stale_after: durationMs.optional(),
  token_expiry_margin: durationMs.optional(),
});

const policySchema = z.strictObject({
  enabled: z.boolean().optional(),
  failure_threshold: z.number().int().positive().optional(),
  success_threshold: z.number().int().positive().optional(),
  cooldown: durationMs.optional(),
  remind_every: durationMs.optional(),
});

const checksSchema = z.partialRecord(z.enum(CHECK_IDS), policySchema);

/** The `health:` section of the config file. Flags given on the command line win over it. */
export const healthSchema = z.strictObject({
  // 0 would make every target's schedule spin without ever yielding.
  interval: durationMs.refine((ms) => ms > 0, 'must be longer than 0').optional(),
  log_file: z.string().min(1).optional(),
  state_file: z.string().min(1).optional(),
  /** How many polls may be in flight at once across the fleet. */
  concurrency: z.number().int().positive().optional(),
  /** Each target starts at a random offset within this fraction of the interval. */
  jitter: z.number().min(0).max(1).optional(),
  thresholds: thresholdsSchema.optional(),
  /** Defaults for every check's alert (hysteresis, cooldown, reminders). */
  alerts: policySchema.optional(),
  checks: checksSchema.optional(),
  /** Per-target overrides, keyed by the target's name in `targets:`. */
  targets: z
    .record(
      z.string(),
      z.strictObject({ thresholds: thresholdsSchema.optional(), checks: checksSchema.optional() }),
    )
    .optional(),
});

export type HealthConfig = z.infer<typeof healthSchema>;
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;
export type PolicyConfig = z.infer<typeof policySchema>;
