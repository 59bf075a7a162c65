import { Worker } from 'node:worker_threads';

// Plain JavaScript evaluated in the worker, so it runs the same from tsx and from dist/.
const BURNER = `
const { workerData } = require('node:worker_threads');
const pause = new Int32Array(new SharedArrayBuffer(4));
const slice = 100;
for (;;) {
  const until = Date.now() + slice * workerData.load;
  while (Date.now() < until) {}
  Atomics.wait(pause, 0, 0, slice * (1 - workerData.load));
}
`;

/** Burns `load` (0..1) of one core in a worker thread of this process, until stopped. */
export function startCpuBurn(load: number): () => Promise<void> {
  const worker = new Worker(BURNER, { eval: true, workerData: { load: Math.min(1, Math.max(0, load)) } });
  worker.unref();
  return async () => {
    await worker.terminate();
  };
}
