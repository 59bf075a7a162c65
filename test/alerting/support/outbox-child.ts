/**
 * A real process for the crash test: `accept` puts one alert into the outbox and keeps trying to
 * deliver it (the test SIGKILLs it meanwhile); `deliver` starts on the same outbox, waits until
 * everything pending is delivered, prints the stats and exits.
 *   node --import tsx outbox-child.ts <accept|deliver> <outboxDir> <url>
 */
import { pino } from 'pino';
import { createAlertDispatcher } from '../../../src/alerting/dispatcher.js';
import { firing } from '../fixtures.js';

const [mode, outboxDir, url] = process.argv.slice(2);
if (!mode || !outboxDir || !url) throw new Error('usage: outbox-child <accept|deliver> <outboxDir> <url>');

const dispatcher = createAlertDispatcher({
  destinations: [{ name: 'crash-test', url }],
  outboxDir,
  logger: pino({ level: 'debug' }, pino.destination(2)),
  retry: { initialBackoffMs: 100, maxBackoffMs: 300 },
});
await dispatcher.start();
if (mode === 'accept') {
  await dispatcher.accept(firing);
  process.stdout.write('accepted\n');
  // Stay alive retrying until killed.
  setInterval(() => undefined, 1000);
} else {
  await dispatcher.idle();
  await dispatcher.stop();
  process.stdout.write(`${JSON.stringify(dispatcher.stats())}\n`);
}
