import { spawn } from 'node:child_process';

/** Runs `promtool check metrics` on exposition text; resolves to what promtool printed (empty = clean). */
export async function promtoolCheckMetrics(
  promtool: string,
  text: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  child.stdin.end(text);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, output };
}
