import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './free-port.js';
import { waitForHttp200 } from './wait-http.js';

export interface Blackbox {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  stop(): Promise<void>;
}

/**
 * The Debian prometheus-blackbox-exporter on a loopback port, with two http modules: `status`
 * (GET, no auth) and `performance` (GET with the game's bearer token as a module header). The config
 * holds the token, so it lives in a temporary directory that stop() removes.
 */
export async function startBlackbox(binary: string, gameToken: string): Promise<Blackbox> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-blackbox-'));
  const module = (headers: string) =>
    [
      '    prober: http',
      '    timeout: 5s',
      '    http:',
      '      method: GET',
      '      valid_status_codes: [200]',
      '      preferred_ip_protocol: ip4',
      '      ip_protocol_fallback: false',
      headers,
    ].join('\n');
  const config = [
    'modules:',
    '  status:',
    module(''),
    '  performance:',
    module(`      headers:\n        Authorization: "Bearer ${gameToken}"`),
    '',
  ].join('\n');
  const configFile = join(dir, 'blackbox.yml');
  await writeFile(configFile, config, { mode: 0o600 });

  const port = await freeLoopbackPort();
  const child = spawn(binary, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await exit;
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/-/healthy`, 10_000, () => !exited);
  } catch (err) {
    await stop();
    throw new Error(`${binary} did not start: ${(err as Error).message}\n${stderr}`);
  }
  return { url, stop };
}
