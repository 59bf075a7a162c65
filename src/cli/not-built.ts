import type { Command } from 'commander';

/** A subcommand whose area has not landed yet says so and exits 2: no pretend behaviour. */
export function notBuilt(command: Command, issue: string): Command {
  return command
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      process.stderr.write(`spacetime-monitor ${command.name()}: not built yet (${issue})\n`);
      process.exit(2);
    });
}
