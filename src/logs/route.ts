/**
 * Bounded label values for HTTP requests: a metric label must not take one value per URL, or a
 * scanner hitting random paths would blow up the exporter's memory.
 */

/** The HttpApiServer's routes (docs/contract.md), plus the ones old documents promised. */
export const KNOWN_ROUTES: readonly string[] = [
  '/',
  '/status',
  '/performance',
  '/scene',
  '/scene/reload',
  '/scene/history',
  '/scenes',
  '/metrics',
  '/health',
];

const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * `/scene/42?x=1` → `/scene/:id`; a path that is not one of `known` (after id folding) → `other`.
 */
export function normalizeRoute(target: string, known: ReadonlySet<string> = KNOWN_ROUTE_SET): string {
  const cut = target.search(/[?#]/);
  let path = cut < 0 ? target : target.slice(0, cut);
  if (/^https?:\/\//i.test(path)) path = path.replace(/^https?:\/\/[^/]*/i, '') || '/';
  const folded =
    path
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => (ID_SEGMENT.test(s) ? ':id' : s))
      .join('/') || '';
  const route = `/${folded}`;
  return known.has(route) ? route : 'other';
}

const KNOWN_ROUTE_SET: ReadonlySet<string> = new Set(KNOWN_ROUTES);

export function routeSet(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...KNOWN_ROUTES, ...extra]);
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** Unknown or garbage methods collapse to `other`. */
export function normalizeMethod(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return METHODS.has(upper) ? upper : 'other';
}
