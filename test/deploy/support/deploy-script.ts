import { execFile } from 'node:child_process';
import { debianBinary } from '../../support/binaries.js';
import { projectRoot } from '../../support/cli.js';

/** The Debian binaries deploy/deploy.sh runs in local mode (missing: skip outside CI, fail in CI). */
export const haveDeployBinaries = [
  debianBinary('prometheus', 'prometheus'),
  debianBinary('promtool', 'prometheus'),
  debianBinary('prometheus-alertmanager', 'prometheus-alertmanager'),
  debianBinary('amtool', 'prometheus-alertmanager'),
  debianBinary('victoria-metrics', 'victoria-metrics'),
].every(Boolean);

export interface DeployResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs deploy/deploy.sh from the project root; resolves with its exit code and output. */
export function runDeploy(args: string[], timeoutMs: number): Promise<DeployResult> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [`${projectRoot}deploy/deploy.sh`, ...args],
      { cwd: projectRoot, timeout: timeoutMs },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
