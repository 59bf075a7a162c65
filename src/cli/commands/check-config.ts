import type { Command } from 'commander';
import { ConfigError, loadConfigFile } from '../../config/load.js';

export function register(program: Command): void {
  program
    .command('check-config')
    .description('validate a config file; prints each problem with its key and line, exits 1 when invalid')
    .argument('<file>', 'YAML config file')
    .action(async (file: string) => {
      try {
        const config = await loadConfigFile(file);
        process.stdout.write(
          `${file}: OK (${config.targets.length} target${config.targets.length === 1 ? '' : 's'})\n`,
        );
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
      }
    });
}
