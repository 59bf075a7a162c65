import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(program.command('demo').description('demo, issue 2 (not built yet)'), 'demo, issue 2');
}
