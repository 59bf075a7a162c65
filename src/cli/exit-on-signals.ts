/**
 * SIGINT and SIGTERM run `stop` once, then exit 0 (1 when stopping failed). Install it before
 * printing that the command is ready: whoever reads that line may signal at once, and a signal
 * that finds no handler kills the process without stopping anything.
 */
export function exitOnSignals(command: string, stop: () => Promise<void>, stopped?: () => void): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => {
        stopped?.();
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`spacetime-monitor ${command}: stopping failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
