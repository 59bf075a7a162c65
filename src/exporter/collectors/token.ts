import { Gauge } from 'prom-client';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import { setOrRemove } from '../metric-values.js';

/** The JWT the exporter sends: when it expires (after that every protected call answers 401). */
export function tokenCollector({ registry, targetName }: CollectorEnv): Collector {
  const target = { target: targetName };
  const expiry = new Gauge({
    name: 'spacetime_token_expiry_timestamp_seconds',
    help: 'Expiry (JWT exp, Unix seconds) of the API token the exporter uses; absent when no JWT is known.',
    labelNames: ['target'],
    registers: [registry],
  });
  return {
    source: 'token',
    async collect(ctx: ScrapeContext): Promise<void> {
      // The client reads (and re-reads) the token while polling: ask once the poll is done.
      await ctx.poll();
      setOrRemove(expiry, target, ctx.target.tokenInfo()?.expiresAt);
    },
  };
}
