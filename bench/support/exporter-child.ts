import { startExporter } from '../../src/exporter/start.js';
import { targetFromFlags } from '../../src/target/from-flags.js';

/**
 * Our exporter in a process of its own, as it runs in production and as the Debian blackbox
 * exporter runs beside it: the benchmark's load and the simulator then do not share its event loop.
 * argv[2]: JSON { apiUrl, tokenFile, minIntervalMs }. Sends { url } once listening; 'stop' ends it.
 */
const { apiUrl, tokenFile, minIntervalMs } = JSON.parse(process.argv[2] ?? '{}') as {
  apiUrl: string;
  tokenFile: string;
  minIntervalMs: number;
};
const target = {
  ...targetFromFlags({ apiUrl, healthEndpoint: '/performance', jwtToken: tokenFile, name: 'game' }),
  minIntervalMs,
};
const exporter = await startExporter({ listen: '127.0.0.1:0', targets: [target] });
const stop = async (): Promise<void> => {
  await exporter.stop();
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
// The parent died without saying stop: do not linger.
process.on('disconnect', () => void stop());
process.send?.({ url: exporter.url });
