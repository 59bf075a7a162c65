import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(
    program.command('notify').description('alert delivery, issue 4 (not built yet)'),
    'alert delivery, issue 4',
  );
}
