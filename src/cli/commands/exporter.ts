import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function register(program: Command): void {
  notBuilt(
    program.command('exporter').description('Prometheus exporter, issue 6 (not built yet)'),
    'Prometheus exporter, issue 6',
  );
}
