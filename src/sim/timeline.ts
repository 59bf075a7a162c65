import { readFileSync } from 'node:fs';
import type { Node } from 'yaml';
import { z } from 'zod';
import { ConfigError, lineOf, parseYaml, unreadable } from '../config/load.js';
import type { TimelineStep } from './options.js';
import { resolveScenario, ScenarioError } from './scenarios.js';

const stepSchema = z
  .object({
    at: z.number().nonnegative(),
    scenario: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .strict();

/**
 * A timeline file: a YAML list of `{at: seconds, scenario: NAME, params: {...}}`. Errors name the
 * file, the step and its line; scenario names and parameters are checked before anything runs.
 */
export function parseTimeline(text: string, file: string): TimelineStep[] {
  const { doc, lines } = parseYaml(text, file);
  const lineOfStep = (index: number): number | undefined =>
    lineOf(doc.getIn([index], true) as Node | undefined, lines);
  const data: unknown = doc.toJS();
  if (!Array.isArray(data)) {
    throw new ConfigError(file, [{ path: '', message: 'expected a list of {at, scenario, params} steps' }]);
  }
  const problems: { path: string; line?: number; message: string }[] = [];
  const steps: TimelineStep[] = [];
  data.forEach((raw, i) => {
    const parsed = stepSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
        problems.push({ path: `[${i}]${key ? `.${key}` : ''}`, line: lineOfStep(i), message: issue.message });
      }
      return;
    }
    try {
      resolveScenario(parsed.data.scenario, parsed.data.params);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push({ path: `[${i}].scenario`, line: lineOfStep(i), message: err.message });
      return;
    }
    steps.push(parsed.data);
  });
  if (problems.length > 0) throw new ConfigError(file, problems);
  return steps.sort((a, b) => a.at - b.at);
}

export function loadTimelineFile(file: string): TimelineStep[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  return parseTimeline(text, file);
}
