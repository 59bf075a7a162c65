import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTS_DOC, RULE_FILE, renderAlertsDoc } from '../../scripts/alerts-doc.js';

describe('docs/alerts.md', () => {
  it('has the alert table generated from the shipped rule file (npm run docs:alerts regenerates it)', async () => {
    expect(await readFile(ALERTS_DOC, 'utf8')).toBe(await renderAlertsDoc());
  });

  it('would differ if a rule changed: the comparison above can fail', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alerts-doc-'));
    try {
      const changed = join(dir, 'rules.yml');
      await writeFile(
        changed,
        (await readFile(RULE_FILE, 'utf8')).replace('spacetime_fps < 45', 'spacetime_fps < 40'),
      );
      const rendered = await renderAlertsDoc(ALERTS_DOC, changed);
      expect(rendered).toContain('`spacetime_fps < 40`');
      expect(rendered).not.toBe(await readFile(ALERTS_DOC, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
