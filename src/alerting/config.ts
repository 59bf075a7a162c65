import { z } from 'zod';

/** The `alerting:` section of the config file. Owned by src/alerting/; extend it here. */
export const alertingSchema = z.strictObject({});

export type AlertingConfig = z.infer<typeof alertingSchema>;
