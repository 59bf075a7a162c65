import type { GameBehaviour } from './scripted-exporter.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface RuleScenario {
  fault: Partial<GameBehaviour>;
  /** Other alerts this fault rightly raises on the same game, delivered too. */
  alsoFires?: string[];
}

/**
 * For each rule, the fault that should make it fire, sized for the rule file compressed 60x
 * (a 1h window becomes 1m, `for: 15m` becomes 15s; thresholds are unchanged). Faults are chosen
 * so that a rule with a higher-severity sibling of the same concern does not also trip the
 * sibling: the inhibition would (rightly) swallow it.
 */
export const RULE_SCENARIOS: Readonly<Record<string, RuleScenario>> = {
  SpaceTimeAPIDown: { fault: { up: 0 } },
  SpaceTimeLowFPS: { fault: { fps: 30 } },
  SpaceTimeSceneLoadFailures: { fault: { sceneFailuresPerSecond: 2 } },
  // Memory stepping from 3 to 13 GiB is also growth: SpaceTimeMemoryGrowing fires at once, while
  // the 10m `for` of the critical rule that would inhibit it is still running.
  SpaceTimeMemoryExhaustion: { fault: { residentBytes: 13 * GiB }, alsoFires: ['SpaceTimeMemoryGrowing'] },
  SpaceTimeFPSBelowTarget: { fault: { fps: 70 } },
  SpaceTimeHighErrorRate: { fault: { errorRatio: 0.2 } },
  SpaceTimeHighMemory: { fault: { residentBytes: 11 * GiB }, alsoFires: ['SpaceTimeMemoryGrowing'] },
  SpaceTimeCertificateExpiringSoon: { fault: { certDaysLeft: 3 } },
  SpaceTimeVRHeadsetDisconnected: { fault: { headsetConnected: 0 } },
  SpaceTimeRequestLatencyHigh: { fault: { requestSeconds: 0.8 } },
  SpaceTimeRateLimitViolations: { fault: { rateLimitPerSecond: 5 } },
  SpaceTimeAuthenticationFailures: { fault: { authFailuresPerSecond: 3 } },
  SpaceTimeTelemetryDisconnects: { fault: { telemetryDisconnectsPerSecond: 1 } },
  SpaceTimeHighCPU: { fault: { cpuCoresUsed: 0.95 } },
  SpaceTimeSceneLoadSlow: { fault: { sceneLoadsPerSecond: 1, sceneLoadSeconds: 5 } },
  SpaceTimeMemoryGrowing: { fault: { residentGrowthPerSecond: 1 * MiB } },
  SpaceTimeHighRequestVolume: { fault: { requestsPerSecond: 300 } },
  SpaceTimeCertificateExpiring30Days: { fault: { certDaysLeft: 20 } },
  SpaceTimePrometheusScrapeFailures: { fault: { scrapeFails: true } },
  SpaceTimeServiceRestarted: { fault: { restarts: true } },
  // Extras: the auth refusal also takes spacetime_up to 0, and must not read as SpaceTimeAPIDown.
  SpaceTimeAuthRefused: { fault: { up: 0, authOk: 0 } },
  SpaceTimeTokenExpiringSoon: { fault: { tokenSecondsLeft: 300 } },
  SpaceTimeSamplesStale: { fault: { sampleAgeSeconds: 300 } },
};
