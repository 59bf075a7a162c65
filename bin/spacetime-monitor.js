#!/usr/bin/env node
// The package runs from compiled JavaScript; `npm install` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('spacetime-monitor: dist/ is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
await import(entry.href);
