import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

/** A config problem, located: which file, which key, which line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line?: number; message: string }[],
  ) {
    super(
      `invalid config ${file}:\n` +
        problems
          .map((p) => `  ${p.path || '(root)'}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`)
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` in string scalars. Expansion happens on values, after
 * YAML parsing, so an environment value can never inject YAML structure.
 */
function expandEnv(
  node: Node | null,
  env: NodeJS.ProcessEnv,
  missing: { path: string; line?: number; message: string }[],
  lines: LineCounter,
  path: string,
): void {
  if (!node) return;
  if (isScalar(node)) {
    if (typeof node.value !== 'string') return;
    node.value = node.value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_m, name: string, def?: string) => {
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (def !== undefined) return def;
        missing.push({ path, line: lineOf(node, lines), message: `environment variable ${name} is not set` });
        return '';
      },
    );
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      expandEnv(pair.value as Node | null, env, missing, lines, path ? `${path}.${key}` : key);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => expandEnv(item as Node | null, env, missing, lines, `${path}[${i}]`));
  }
}

export function lineOf(node: Node | null | undefined, lines: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

/** Parses YAML keeping line numbers; a syntax error is a ConfigError naming its line. */
export function parseYaml(text: string, file: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: '',
        line: lines.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  return { doc, lines };
}

/** A file that cannot be read, as a ConfigError (the OS code, not the message with its path twice). */
export function unreadable(file: string, err: unknown): ConfigError {
  return new ConfigError(file, [
    { path: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` },
  ]);
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): Config {
  const { doc, lines } = parseYaml(text, file);
  const problems: { path: string; line?: number; message: string }[] = [];
  expandEnv(doc.contents as Node | null, env, problems, lines, '');
  // Schema problems are reported too, except on values already reported as missing variables.
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const reported = new Set(problems.map((p) => p.path));
    problems.push(...issuesToProblems(result.error.issues, doc, lines).filter((p) => !reported.has(p.path)));
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(file, problems);
  return result.data;
}

function issuesToProblems(
  issues: z.core.$ZodIssue[],
  doc: Document,
  lines: LineCounter,
): { path: string; line?: number; message: string }[] {
  // The line of the key itself: for a key whose value is a nested map, the value starts lines later.
  const keyLineIn = (parentPath: PropertyKey[]) => (key: PropertyKey) => {
    const parent = (parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true)) as Node | undefined;
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return lineOf(pair?.key as Node | undefined, lines);
  };
  return issues.flatMap((issue) => {
    const keyLine = keyLineIn(issue.path);
    // An unknown key is reported on its own path, so the line points at the offending key.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((extra) => {
      const path = extra === undefined ? issue.path : [...issue.path, extra];
      let line =
        extra === undefined ? lineOf(doc.getIn(path, true) as Node | undefined, lines) : keyLine(extra);
      for (let i = path.length - 1; line === undefined && i >= 0; i--) {
        line = lineOf(doc.getIn(path.slice(0, i), true) as Node | undefined, lines);
      }
      const message = extra === undefined ? issue.message : `unknown key "${String(extra)}"`;
      return { path: formatPath(path), line, message };
    });
  });
}

export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  return parseConfig(text, file, env);
}
