import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../support/cli.js';
import { tempDir } from './support.js';

// A release build of the game reports static memory as 0: served here from the contract's example.
let server: Server;
let url: string;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  tmp = await tempDir('health-mem-');
  await writeFile(join(tmp.dir, 'jwt_token.txt'), 'not-a-jwt-but-accepted-here');
  const body = await readFile(join(projectRoot, 'test/fixtures/contract/performance.release-build.json'));
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tmp.cleanup();
});

const args = () => [
  'health',
  '--response-time',
  '5',
  '--once',
  '--api-url',
  url,
  '--jwt-token',
  join(tmp.dir, 'jwt_token.txt'),
  '--log-file',
  join(tmp.dir, 'health.log'),
  '--state-file',
  join(tmp.dir, 'state.json'),
];

describe('memory of a release build (static memory reads 0)', () => {
  it('says unknown without a process, never "0 MB, healthy"', async () => {
    const { code, stdout } = await runCli(args());
    expect(stdout).toMatch(
      /^\[Check #1\] Memory: unknown \(.*0.*release build.*; no process pid\/pid_file configured\)$/m,
    );
    expect(stdout).not.toMatch(/Memory: 0\.0MB/);
    expect(code).toBe(0);
  });

  it("falls back to the process's resident memory with --pid", async () => {
    const { code, stdout } = await runCli([...args(), '--pid', String(process.pid)]);
    expect(stdout).toMatch(/^\[Check #1\] Memory: \d+\.\dMB \(resident\)$/m);
    expect(code).toBe(0);
  });

  it('goes critical when the resident memory is over --memory', async () => {
    const { code, stdout } = await runCli([...args(), '--pid', String(process.pid), '--memory', '1']);
    expect(stdout).toMatch(/\[CRITICAL\] HIGH_MEMORY: .*at or over 1\.0MB/);
    expect(stdout).toContain('DEGRADED (HIGH_MEMORY)');
    expect(code).toBe(1);
  });
});
