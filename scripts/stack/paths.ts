import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where the shipped configuration lives; everything the stack and the tests read starts here. */
export const deployPaths = {
  root,
  prometheusConfig: `${root}deploy/prometheus/prometheus.yml`,
  rulesDir: `${root}deploy/prometheus/rules`,
  ruleFile: `${root}deploy/prometheus/rules/spacetime.rules.yml`,
  ruleTestsDir: `${root}deploy/prometheus/tests`,
  alertmanagerConfig: `${root}deploy/alertmanager/alertmanager.yml`,
  alertmanagerDir: `${root}deploy/alertmanager`,
  runbooksDir: `${root}docs/runbooks`,
} as const;
