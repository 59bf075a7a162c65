import { z } from 'zod';

/** The `logs:` section of the config file. Owned by src/logs/; extend it here. */
export const logsSchema = z.strictObject({});

export type LogsConfig = z.infer<typeof logsSchema>;
