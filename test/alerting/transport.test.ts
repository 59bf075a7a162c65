import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Transport } from '../../src/alerting/transport.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('the transport', () => {
  it('takes a 2xx whose body never ends as answered, keeping the first maxAnswerBytes', async () => {
    const url = await listen(
      createServer((req, res) => {
        req.resume();
        // 20 KiB, then the body stays open: only the status and the head of the body matter.
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('x'.repeat(20 * 1024));
      }),
    );
    const transport = new Transport({ timeoutMs: 30_000, maxAnswerBytes: 1024 });
    cleanups.push(() => transport.close());
    const answer = await transport.post(url, { body: '{}', headers: {} });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('x'.repeat(1024));
  });
});
