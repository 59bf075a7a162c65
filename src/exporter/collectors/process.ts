import { Counter, Gauge } from 'prom-client';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import { mirrorCounter, setOrRemove } from '../metric-values.js';

/** What /proc tells about the game's OS process (the client's readProcessStats). */
export interface GameProcessStats {
  pid: number;
  residentBytes: number;
  cpuSecondsTotal: number;
  startTimeSeconds: number;
}

export type ProcessSpec = { pid?: number; pidFile?: string; name?: string };
export type ReadProcessStats = (spec: ProcessSpec) => Promise<GameProcessStats | undefined>;

export interface ProcessCollectorOptions {
  /** Which process is the game; without one only the start time is known (from the token). */
  spec?: ProcessSpec;
  read: ReadProcessStats;
}

/**
 * The game's OS process: resident memory (the fallback when a release build reports no static
 * memory), CPU seconds, and start time. Without a pid the start time is the JWT's `iat`: the game
 * mints a fresh token at every start, so a new `iat` is a restart.
 */
export function processCollector(
  { registry, targetName }: CollectorEnv,
  options: ProcessCollectorOptions,
): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const resident = new Gauge({
    name: 'spacetime_process_resident_memory_bytes',
    help: "Resident memory of the game's OS process (/proc); absent when no process is configured or found.",
    labelNames: ['target'],
    registers,
  });
  const cpu = new Counter({
    name: 'spacetime_process_cpu_seconds_total',
    help: "User and system CPU time of the game's OS process (/proc).",
    labelNames: ['target'],
    registers,
  });
  const start = new Gauge({
    name: 'spacetime_process_start_time_seconds',
    help: "Start time of the game (Unix seconds): from /proc when a process is configured, else the JWT iat of the game's current token.",
    labelNames: ['target'],
    registers,
  });

  return {
    source: 'process',
    async collect(ctx: ScrapeContext): Promise<void> {
      let stats: GameProcessStats | undefined;
      try {
        stats = options.spec ? await options.read(options.spec) : undefined;
      } catch (err) {
        resident.reset();
        cpu.reset();
        start.reset();
        throw err;
      }
      setOrRemove(resident, target, stats?.residentBytes);
      mirrorCounter(cpu, target, stats?.cpuSecondsTotal);
      if (stats) {
        start.set(target, stats.startTimeSeconds);
        return;
      }
      const result = await ctx.poll();
      // Only a token the game accepted proves which start it belongs to.
      setOrRemove(start, target, result.ok ? ctx.target.tokenInfo()?.issuedAt : undefined);
    },
  };
}
