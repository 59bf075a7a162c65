import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { BEGIN, END, fixtureSection } from './support/doc-fixtures.js';

const doc = join(projectRoot, 'docs/alerting.md');

describe('docs/alerting.md', () => {
  it('shows exactly the payloads the tests validate (regenerate with UPDATE_DOCS=1)', async () => {
    const text = await readFile(doc, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, 'generated-section markers missing').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = text.slice(start, end + END.length);
    const wanted = fixtureSection();
    if (process.env.UPDATE_DOCS === '1' && current !== wanted) {
      await writeFile(doc, text.slice(0, start) + wanted + text.slice(end + END.length));
      return;
    }
    expect(current).toBe(wanted);
  });
});
