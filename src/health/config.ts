import { z } from 'zod';

/** The `health:` section of the config file. Owned by src/health/; extend it here. */
export const healthSchema = z.strictObject({});

export type HealthConfig = z.infer<typeof healthSchema>;
