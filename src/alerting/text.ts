/**
 * Length limits of chat providers are counted in characters. We count code points (never UTF-16
 * units) and cut only between grapheme clusters, so an emoji, a flag or a letter with its accents
 * is never split and no lone surrogate reaches a provider.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const ELLIPSIS = '…';

/** Length in code points. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Escapes `text` grapheme by grapheme with `escape`, then cuts it to at most `limit` code points,
 * ending with an ellipsis when something was cut. Escaping before cutting, on grapheme boundaries,
 * means a cut never leaves half an escape sequence (a dangling `\` or `&am`).
 */
export function fit(text: string, limit: number, escape: (grapheme: string) => string = (g) => g): string {
  if (limit <= 0) return '';
  const units: string[] = [];
  let total = 0;
  for (const { segment } of graphemes.segment(text)) {
    const unit = escape(segment);
    units.push(unit);
    total += codePoints(unit);
  }
  if (total <= limit) return units.join('');
  const budget = limit - 1; // room for the ellipsis
  let out = '';
  let used = 0;
  for (const unit of units) {
    const n = codePoints(unit);
    if (used + n > budget) {
      // A single cluster larger than the whole budget (zalgo text) is cut by code points instead.
      if (used === 0) out = Array.from(unit).slice(0, budget).join('');
      break;
    }
    out += unit;
    used += n;
  }
  return out + ELLIPSIS;
}
