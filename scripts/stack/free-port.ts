import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now. Prometheus and Alertmanager take an explicit port and
 * cannot report an ephemeral one back, so the stack asks the kernel first (a small race, accepted
 * for a local stack and tests).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
