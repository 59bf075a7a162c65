/** A series of a Prometheus-API answer (Prometheus or VictoriaMetrics). */
export interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

interface ApiAnswer {
  status: 'success' | 'error';
  data?: { resultType: string; result: Series[] | [number, string] };
  error?: string;
}

async function get(base: string, path: string, params: Record<string, string>): Promise<Series[]> {
  const url = `${base}${path}?${new URLSearchParams(params).toString()}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as ApiAnswer;
  if (body.status !== 'success' || !body.data) {
    throw new Error(`${path} ${params.query ?? ''}: HTTP ${res.status} ${body.error ?? 'no data'}`);
  }
  const r = body.data.result;
  // A scalar answer (e.g. `time()`) is one unlabelled point.
  if (body.data.resultType === 'scalar') return [{ metric: {}, value: r as [number, string] }];
  return r as Series[];
}

export function instantQuery(base: string, query: string, timeSeconds?: number): Promise<Series[]> {
  return get(base, '/api/v1/query', { query, ...(timeSeconds ? { time: String(timeSeconds) } : {}) });
}

export function rangeQuery(
  base: string,
  query: string,
  range: { start: number; end: number; step: number },
): Promise<Series[]> {
  return get(base, '/api/v1/query_range', {
    query,
    start: String(range.start),
    end: String(range.end),
    step: String(range.step),
  });
}

/** The points of an answer that a panel would draw: finite numbers only (NaN draws nothing). */
export function finitePoints(series: Series[]): number {
  let n = 0;
  for (const s of series) {
    const points = s.values ?? (s.value ? [s.value] : []);
    for (const [, v] of points) if (Number.isFinite(Number(v))) n++;
  }
  return n;
}

/**
 * Raw samples VictoriaMetrics holds for a selector (`/api/v1/export`), regardless of
 * `-search.latencyOffset`, which hides the last 30 s from queries by default.
 */
export async function victoriaExport(
  base: string,
  selector: string,
): Promise<{ metric: Record<string, string>; values: number[] }[]> {
  const res = await fetch(
    `${base}/api/v1/export?${new URLSearchParams({ 'match[]': selector }).toString()}`,
    {
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!res.ok) throw new Error(`/api/v1/export ${selector}: HTTP ${res.status}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { metric: Record<string, string>; values: number[] });
}
