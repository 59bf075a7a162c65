import type { Reporter, TestModule } from 'vitest/node';

// CI reads a plain closing line `N passed, N failed, N skipped`; vitest's own summary is not in that form.
// A module that failed to load (syntax error, failing beforeAll) counts as a failure even with no test run.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of testModules) {
      let counted = 0;
      for (const test of mod.children.allTests()) {
        counted += 1;
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      if (mod.state() === 'failed' && counted === 0) failed += 1;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
