import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ExporterProcess {
  url: string;
  stop(): Promise<void>;
}

/** Forks bench/support/exporter-child.ts (our exporter, one target "game") and waits for its URL. */
export async function startExporterProcess(options: {
  apiUrl: string;
  tokenFile: string;
  minIntervalMs: number;
}): Promise<ExporterProcess> {
  const child = fork(
    fileURLToPath(new URL('./exporter-child.ts', import.meta.url)),
    [JSON.stringify(options)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('exporter process did not start within 30 s')), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exporter process exited (${code}) before listening`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exit;
    throw err;
  });
  return {
    url,
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) {
        child.send('stop');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}
