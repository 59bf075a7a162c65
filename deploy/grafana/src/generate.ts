import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, render } from './dashboards.js';

/** `npm run dashboards`: regenerates deploy/grafana/dashboards/*.json from the builders. */
const outDir = fileURLToPath(new URL('../dashboards/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const { file, build } of DASHBOARDS) {
  writeFileSync(`${outDir}${file}`, render(build()));
  console.log(`wrote deploy/grafana/dashboards/${file}`);
}
