import { execFileSync } from 'node:child_process';

/**
 * Tests that need a Debian binary (promtool, prometheus, chromium...) call this at module level:
 *   const promtool = debianBinary('promtool', 'prometheus');
 *   describe.skipIf(!promtool)(...)
 * Outside CI a missing binary skips with a message naming the package; in CI (CI=true) it is a
 * hard failure, because .ci/run installs every package the suite needs.
 */
export function debianBinary(name: string, debianPackage: string): string | undefined {
  let path: string | undefined;
  try {
    path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    path = undefined;
  }
  if (path) return path;
  const message = `${name} not found: install the Debian package '${debianPackage}' (apt-get install --no-install-recommends ${debianPackage})`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI must have it`);
  console.warn(`skipping: ${message}`);
  return undefined;
}
