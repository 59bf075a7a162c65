import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(
    program.command('logs').description('log pipeline, issue 5 (not built yet)'),
    'log pipeline, issue 5',
  );
}
