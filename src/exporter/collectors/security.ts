import { Counter, Gauge } from 'prom-client';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import type { LogCounters } from '../../logs/counters.js';
import { mirrorCounter, setOrRemove } from '../metric-values.js';

/**
 * Auth failures and rate-limit violations have two sources. The documented /performance shape
 * counts them in the game; the godot shape does not, so the console and audit logs count them.
 * The game wins, and once a target has sent the counters it stays the source: switching a series
 * between two unrelated counters would look like a burst or a reset. Active tokens and blocked IPs
 * exist only in the documented shape.
 */
export function securityCollector({ registry, targetName }: CollectorEnv, logs?: LogCounters): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const authFailures = new Counter({
    name: 'spacetime_auth_failures_total',
    help: 'Refused authentications: the game counter (documented shape) when it sends one, else the console and audit logs.',
    labelNames: ['target'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'spacetime_rate_limit_violations_total',
    help: 'Requests refused by rate limiting: the game counter (documented shape) when it sends one, else the audit log.',
    labelNames: ['target'],
    registers,
  });
  const activeTokens = new Gauge({
    name: 'spacetime_active_tokens',
    help: 'Active API tokens (documented shape only).',
    labelNames: ['target'],
    registers,
  });
  const blockedIps = new Gauge({
    name: 'spacetime_blocked_ips',
    help: 'IP addresses the game blocks (documented shape only).',
    labelNames: ['target'],
    registers,
  });
  let gameCounts = false;

  return {
    source: 'security',
    async collect(ctx: ScrapeContext): Promise<void> {
      const result = await ctx.poll();
      const security = result.ok ? result.sample.security : undefined;
      if (security?.authFailures !== undefined || security?.rateLimitViolations !== undefined)
        gameCounts = true;
      setOrRemove(activeTokens, target, security?.activeTokens);
      setOrRemove(blockedIps, target, security?.blockedIps?.length);
      if (gameCounts) {
        mirrorCounter(authFailures, target, security?.authFailures);
        mirrorCounter(rateLimited, target, security?.rateLimitViolations);
        return;
      }
      const stats = logs?.snapshot();
      mirrorCounter(authFailures, target, stats?.authFailures);
      mirrorCounter(rateLimited, target, stats?.rateLimitHits);
    },
  };
}
