import { Command } from 'commander';
import { register as checkConfig } from './commands/check-config.js';
import { register as demo } from './commands/demo.js';
import { register as exporter } from './commands/exporter.js';
import { register as health } from './commands/health.js';
import { register as logs } from './commands/logs.js';
import { register as notify } from './commands/notify.js';
import { register as simulate } from './commands/simulate.js';

const program = new Command('spacetime-monitor')
  .description('Monitoring kit for the SpaceTime VR game HTTP API')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) exit 2, like a bad flag should.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

for (const register of [health, exporter, simulate, demo, logs, notify, checkConfig]) register(program);

await program.parseAsync(process.argv);
