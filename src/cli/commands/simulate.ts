import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(
    program.command('simulate').description('game simulator, issue 2 (not built yet)'),
    'game simulator, issue 2',
  );
}
