import { Gauge } from 'prom-client';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import { setOrRemove } from '../metric-values.js';

/** `/status` vr_mode: 1 is VR with a headset, 2 the desktop fallback. */
const VR_MODE_HEADSET = 1;

export interface StatusCollectorOptions {
  /**
   * The console's VR lines (connect/disconnect) when a log pipeline runs: they change the moment the
   * headset does, so they win over `/status`, whose vr_mode only says which mode the game runs in.
   */
  headsetFromLogs?: () => boolean | undefined;
}

/** The public `/status`: VR flags and build information. Removed when the game cannot be read. */
export function statusCollector(
  { registry, targetName }: CollectorEnv,
  options: StatusCollectorOptions = {},
): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const vrInitialized = new Gauge({
    name: 'spacetime_vr_initialized',
    help: 'Whether the game reports its VR subsystem initialized (/status vr_initialized).',
    labelNames: ['target'],
    registers,
  });
  const headset = new Gauge({
    name: 'spacetime_vr_headset_connected',
    help: 'Whether a headset is connected: console VR lines when logs are tailed, else /status vr_mode (1 = VR).',
    labelNames: ['target'],
    registers,
  });
  const buildInfo = new Gauge({
    name: 'spacetime_build_info',
    help: 'Always 1; labels carry the game API version and environment from /status.',
    labelNames: ['target', 'api_version', 'environment'],
    registers,
  });

  return {
    source: 'status',
    async collect(ctx: ScrapeContext): Promise<void> {
      const result = await ctx.status();
      const status = result.ok ? result.status : undefined;
      setOrRemove(
        vrInitialized,
        target,
        status?.vrInitialized === undefined ? undefined : Number(status.vrInitialized),
      );
      const fromLogs = options.headsetFromLogs?.();
      const fromStatus = status?.vrMode === undefined ? undefined : status.vrMode === VR_MODE_HEADSET;
      const connected = fromLogs ?? fromStatus;
      setOrRemove(headset, target, connected === undefined ? undefined : Number(connected));
      buildInfo.reset();
      if (status) {
        buildInfo.set(
          {
            ...target,
            api_version: status.apiVersion ?? 'unknown',
            environment: status.environment ?? 'unknown',
          },
          1,
        );
      }
    },
  };
}
