import { z } from 'zod';
import { alertingSchema } from '../alerting/config.js';
import { exporterSchema } from '../exporter/config.js';
import { healthSchema } from '../health/config.js';
import { logsSchema } from '../logs/config.js';
import { targetSchema } from '../target/config.js';

/**
 * The whole config file. Each area owns its section's schema; this file only composes them, so
 * validation happens once, at the edge, and the rest of the code works on typed values.
 * Unknown keys are errors everywhere (strict objects): a typo must not silently do nothing.
 */
export const configSchema = z
  .strictObject({
    targets: z.array(targetSchema).default([]),
    health: healthSchema.optional(),
    alerting: alertingSchema.optional(),
    logs: logsSchema.optional(),
    exporter: exporterSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.targets.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'name'],
          message: `duplicate target name "${t.name}"`,
        });
      seen.add(t.name);
    });
  });

export type Config = z.infer<typeof configSchema>;
