import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: AlertRule[];
}

export interface RuleFile {
  groups: RuleGroup[];
}

/** Reads a Prometheus rule file; promtool is the validator, this only gives the shape a type. */
export async function readRuleFile(path: string): Promise<RuleFile> {
  const doc = parse(await readFile(path, 'utf8')) as unknown;
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { groups?: unknown }).groups)) {
    throw new Error(`${path}: not a Prometheus rule file (no groups list)`);
  }
  return doc as RuleFile;
}

export function allRules(file: RuleFile): AlertRule[] {
  return file.groups.flatMap((g) => g.rules);
}
