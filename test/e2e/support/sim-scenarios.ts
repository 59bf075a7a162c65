/**
 * For each of the 20 rules, the simulator scenario that should trigger it through the real
 * exporter, with parameters sized for the rules compressed 60x (a 1h window is 1 min, `for: 15m`
 * is 15 s; thresholds unchanged).
 */
export interface SimScenario {
  scenario: string;
  params?: Record<string, number>;
  /** What heals the game; default the healthy scenario. */
  heal?: { scenario: string; params?: Record<string, number> };
  /** The game serves https from the start (the scenario is its certificate). */
  https?: boolean;
  /** The game runs as its own process, so the exporter's /proc view is of the game alone. */
  ownProcess?: boolean;
  /**
   * Switched on only after every other flow is done: burning a core on a 2-core runner while
   * twenty games, the exporter and Prometheus are busy would not get the 80 % it needs.
   */
  late?: boolean;
  /** Faulted by stopping the exporter that serves this game (single-target /metrics job). */
  stopExporter?: boolean;
  telemetry?: boolean;
  /** Other alerts the fault rightly raises on the same game. */
  alsoFires?: string[];
}

const GiB = 1024 ** 3;
const RENEWED = { scenario: 'cert-expiring', params: { days: 90 } };

export const SIM_SCENARIOS: Readonly<Record<string, SimScenario>> = {
  SpaceTimeAPIDown: { scenario: 'down' },
  SpaceTimeLowFPS: { scenario: 'low-fps', params: { fps: 40 } },
  SpaceTimeSceneLoadFailures: { scenario: 'scene-failures', params: { interval_ms: 500 } },
  // A step from the healthy footprint to many GiB is also growth (SpaceTimeMemoryGrowing has no
  // `for`, so it is out before the inhibiting memory rule).
  SpaceTimeMemoryExhaustion: {
    scenario: 'memory-high',
    params: { bytes: 13 * GiB },
    alsoFires: ['SpaceTimeMemoryGrowing'],
  },
  SpaceTimeFPSBelowTarget: { scenario: 'low-fps', params: { fps: 70 } },
  SpaceTimeHighErrorRate: { scenario: 'error-burst' },
  SpaceTimeHighMemory: {
    scenario: 'memory-high',
    params: { bytes: 11 * GiB },
    alsoFires: ['SpaceTimeMemoryGrowing'],
  },
  SpaceTimeCertificateExpiringSoon: {
    scenario: 'cert-expiring',
    params: { days: 5 },
    https: true,
    heal: RENEWED,
  },
  SpaceTimeVRHeadsetDisconnected: { scenario: 'headset-disconnect' },
  SpaceTimeRequestLatencyHigh: { scenario: 'slow', params: { delay_ms: 600 } },
  SpaceTimeRateLimitViolations: { scenario: 'rate-limit-storm', params: { rate_per_s: 5 } },
  SpaceTimeAuthenticationFailures: { scenario: 'auth-storm', params: { rate_per_s: 5 } },
  SpaceTimeTelemetryDisconnects: {
    scenario: 'telemetry-flap',
    params: { interval_ms: 2000 },
    telemetry: true,
  },
  // The game is a real Node process: its resident memory moves by megabytes within seconds, which
  // the 10m growth window compressed to 10 s reads as growth.
  SpaceTimeHighCPU: {
    scenario: 'cpu-burn',
    params: { load: 1 },
    ownProcess: true,
    late: true,
    alsoFires: ['SpaceTimeMemoryGrowing'],
  },
  SpaceTimeSceneLoadSlow: { scenario: 'scene-slow', params: { duration_ms: 4500, interval_ms: 5000 } },
  SpaceTimeMemoryGrowing: { scenario: 'memory-leak', params: { bytes_per_second: 200_000 } },
  SpaceTimeHighRequestVolume: { scenario: 'high-traffic', params: { rate_per_s: 300 } },
  SpaceTimeCertificateExpiring30Days: {
    scenario: 'cert-expiring',
    params: { days: 20 },
    https: true,
    heal: RENEWED,
  },
  SpaceTimePrometheusScrapeFailures: { scenario: 'healthy', stopExporter: true },
  SpaceTimeServiceRestarted: { scenario: 'restart' },
};
