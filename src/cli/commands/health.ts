import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(
    program.command('health').description('health monitor, issue 3 (not built yet)'),
    'health monitor, issue 3',
  );
}
