// PromQL words that look like identifiers but are not metric names.
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

/**
 * Metric names an expression reads. Label matchers ({...}), grouping clauses (by/on/... (...)),
 * strings and function calls are stripped first, so what is left that looks like an identifier is
 * a metric name. Histogram series (_bucket/_sum/_count) are reported by family when `families`
 * lists the family.
 */
export function metricNamesIn(expr: string, families: ReadonlySet<string> = new Set()): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(
    /(?<![a-zA-Z0-9_:.])[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:]|\s*\()/g,
  )) {
    const word = match[0];
    if (KEYWORDS.has(word.toLowerCase())) continue;
    const family = word.replace(HISTOGRAM_SUFFIX, '');
    names.add(family !== word && families.has(family) ? family : word);
  }
  return [...names].sort();
}
