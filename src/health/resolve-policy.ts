import type { CheckId, Thresholds } from '../checks/types.js';
import { CHECK_IDS } from '../checks/types.js';
import type { AlertPolicy } from './alert-state.js';
import { DEFAULT_POLICY } from './alert-state.js';
import type { HealthConfig, PolicyConfig, ThresholdsConfig } from './config.js';

export interface CheckPolicy extends AlertPolicy {
  enabled: boolean;
}

export type CheckPolicies = Record<CheckId, CheckPolicy>;

/** Config thresholds (people's units) over a base, in the checks' units. */
export function applyThresholds(base: Thresholds, t: ThresholdsConfig | undefined): Thresholds {
  if (!t) return base;
  return {
    responseTimeSeconds: t.response_time !== undefined ? t.response_time / 1000 : base.responseTimeSeconds,
    memoryBytes: t.memory_mb !== undefined ? t.memory_mb * 1024 * 1024 : base.memoryBytes,
    memoryWarningRatio: t.memory_warning_ratio ?? base.memoryWarningRatio,
    fps: t.fps ?? base.fps,
    rateLimitViolations: t.rate_limit_violations ?? base.rateLimitViolations,
    rateLimitWindowMs: t.rate_limit_window ?? base.rateLimitWindowMs,
    staleAfterMs: t.stale_after ?? base.staleAfterMs,
    tokenExpiryMarginMs: t.token_expiry_margin ?? base.tokenExpiryMarginMs,
  };
}

function applyPolicy(base: CheckPolicy, p: PolicyConfig | undefined): CheckPolicy {
  if (!p) return base;
  return {
    enabled: p.enabled ?? base.enabled,
    failureThreshold: p.failure_threshold ?? base.failureThreshold,
    successThreshold: p.success_threshold ?? base.successThreshold,
    cooldownMs: p.cooldown ?? base.cooldownMs,
    remindEveryMs: p.remind_every ?? base.remindEveryMs,
  };
}

/** Defaults < `health.alerts` < `health.checks.X` < `health.targets.NAME.checks.X`. */
export function resolvePolicies(config: HealthConfig | undefined, target: string): CheckPolicies {
  const base = applyPolicy({ ...DEFAULT_POLICY, enabled: true }, config?.alerts);
  const out = {} as CheckPolicies;
  for (const id of CHECK_IDS) {
    const general = applyPolicy(base, config?.checks?.[id]);
    out[id] = applyPolicy(general, config?.targets?.[target]?.checks?.[id]);
  }
  return out;
}
