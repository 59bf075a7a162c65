import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export interface ProcessStats {
  pid: number;
  residentBytes: number;
  /** user + system CPU time since the process started. */
  cpuSecondsTotal: number;
  /** Unix seconds. */
  startTimeSeconds: number;
}

export interface ProcessSpec {
  pid?: number;
  pidFile?: string;
  /** Matched against /proc/<pid>/comm (which the kernel cuts to 15 characters). */
  name?: string;
}

let clockTicks: Promise<number> | undefined;

/** Clock ticks per second of /proc/<pid>/stat times: 100 on every Linux we know, asked once anyway. */
function clkTck(): Promise<number> {
  clockTicks ??= promisify(execFile)('getconf', ['CLK_TCK'], { timeout: 2_000 }).then(
    ({ stdout }) => {
      const n = Number(stdout.trim());
      return Number.isInteger(n) && n > 0 ? n : 100;
    },
    () => 100,
  );
  return clockTicks;
}

async function bootTimeSeconds(procRoot: string): Promise<number | undefined> {
  const text = await readFile(`${procRoot}/stat`, 'utf8');
  const m = /^btime\s+(\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Fields of /proc/<pid>/stat after the `(comm)` part, which may itself contain spaces and parens. */
function statFields(text: string): string[] {
  return text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
}

async function pidFromSpec(spec: ProcessSpec, procRoot: string): Promise<number | { reason: string }> {
  if (spec.pid !== undefined) return spec.pid;
  if (spec.pidFile !== undefined) {
    try {
      const n = Number((await readFile(spec.pidFile, 'utf8')).trim());
      return Number.isInteger(n) && n > 0 ? n : { reason: `pid file ${spec.pidFile} holds no pid` };
    } catch (err) {
      return {
        reason: `cannot read pid file ${spec.pidFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      };
    }
  }
  if (spec.name !== undefined) {
    const wanted = spec.name.slice(0, 15);
    const candidates: { pid: number; start: number }[] = [];
    for (const entry of await readdir(procRoot)) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = (await readFile(`${procRoot}/${entry}/comm`, 'utf8')).trim();
        if (comm !== wanted) continue;
        const start = Number(statFields(await readFile(`${procRoot}/${entry}/stat`, 'utf8'))[19]);
        candidates.push({ pid: Number(entry), start });
      } catch {
        // The process ended while we looked: not a candidate.
      }
    }
    // A stale second game process may linger: the most recently started one is the live game.
    candidates.sort((a, b) => b.start - a.start);
    return candidates[0]?.pid ?? { reason: `no process named "${spec.name}"` };
  }
  return { reason: 'no pid, pid file or process name configured' };
}

/** Like readProcessStats, but says why when there is nothing to read. */
export async function lookupProcessStats(
  spec: ProcessSpec,
  procRoot = '/proc',
): Promise<{ ok: true; stats: ProcessStats } | { ok: false; reason: string }> {
  const pid = await pidFromSpec(spec, procRoot);
  if (typeof pid !== 'number') return { ok: false, ...pid };
  let stat: string;
  let status: string;
  try {
    [stat, status] = await Promise.all([
      readFile(`${procRoot}/${pid}/stat`, 'utf8'),
      readFile(`${procRoot}/${pid}/status`, 'utf8'),
    ]);
  } catch {
    return { ok: false, reason: `process ${pid} not found` };
  }
  // After the "(comm)" field, index 0 is field 3 (state): utime is field 14, stime 15, starttime 22.
  const fields = statFields(stat);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const startTicks = Number(fields[19]);
  const rss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  const [ticks, btime] = await Promise.all([clkTck(), bootTimeSeconds(procRoot)]);
  if (
    !rss ||
    !Number.isFinite(utime) ||
    !Number.isFinite(stime) ||
    !Number.isFinite(startTicks) ||
    btime === undefined
  ) {
    return { ok: false, reason: `process ${pid}: unreadable /proc entries (zombie?)` };
  }
  return {
    ok: true,
    stats: {
      pid,
      residentBytes: Number(rss[1]) * 1024,
      cpuSecondsTotal: (utime + stime) / ticks,
      startTimeSeconds: btime + startTicks / ticks,
    },
  };
}

/**
 * Resident memory, CPU time and start time of the game's OS process from /proc (Linux). Undefined
 * when the process cannot be found; `onUnavailable` hears why.
 */
export async function readProcessStats(
  spec: ProcessSpec,
  options: { onUnavailable?: (reason: string) => void } = {},
): Promise<ProcessStats | undefined> {
  const result = await lookupProcessStats(spec);
  if (result.ok) return result.stats;
  options.onUnavailable?.(result.reason);
  return undefined;
}
