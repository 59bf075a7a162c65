import { Gauge } from 'prom-client';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import { setOrRemove } from '../metric-values.js';

/** For https targets: when the first certificate of the chain the game presents expires. */
export function tlsCollector({ registry, targetName }: CollectorEnv): Collector {
  const target = { target: targetName };
  const expiry = new Gauge({
    name: 'spacetime_tls_cert_expiry_timestamp_seconds',
    help: 'Earliest notAfter (Unix seconds) in the certificate chain of an https target; absent for http and while the game does not answer.',
    labelNames: ['target'],
    registers: [registry],
  });
  return {
    source: 'tls',
    async collect(ctx: ScrapeContext): Promise<void> {
      const result = await ctx.poll();
      // Only while the game answers over TLS: a certificate seen before an outage is not evidence
      // of the one the game will present when it comes back.
      const answered = result.ok || result.statusCode !== undefined;
      setOrRemove(expiry, target, answered ? ctx.target.tlsCertificateExpiry() : undefined);
    },
  };
}
