import { z } from 'zod';

/** The `exporter:` section of the config file. Owned by src/exporter/; extend it here. */
export const exporterSchema = z.strictObject({});

export type ExporterConfig = z.infer<typeof exporterSchema>;
