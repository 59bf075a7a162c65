import { describe, expect, it } from 'vitest';
import { escapeDiscord } from '../../src/alerting/providers/discord.js';
import { escapeSlack } from '../../src/alerting/providers/slack.js';
import { codePoints, fit } from '../../src/alerting/text.js';

const wellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('fit: truncation by code points, never mid-character', () => {
  it('leaves text within the limit untouched', () => {
    expect(fit('hello', 5)).toBe('hello');
    expect(fit('🙂🙂', 2)).toBe('🙂🙂'); // 2 code points, 4 UTF-16 units
  });

  it('cuts to the limit in code points, ending with an ellipsis', () => {
    const out = fit('abcdefghij', 5);
    expect(out).toBe('abcd…');
    expect(codePoints(out)).toBe(5);
  });

  // Emoji placed so that the cut point falls inside each of them.
  it.each([
    ['surrogate pair', 'aaa🙂bbb'],
    ['ZWJ family', 'aaa👨‍👩‍👧‍👦bbb'],
    ['flag', 'aaa🇫🇷bbb'],
    ['combining accent', 'aaae\u0301bbb'],
  ])('never splits a %s at the cut point', (_name, text) => {
    for (let limit = 1; limit <= codePoints(text); limit++) {
      const out = fit(text, limit);
      expect(codePoints(out)).toBeLessThanOrEqual(limit);
      expect(wellFormed(out)).toBe(true);
      // What is kept is a prefix of whole graphemes of the original.
      const kept = out.endsWith('…') ? out.slice(0, -1) : out;
      expect(text.startsWith(kept)).toBe(true);
      const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(
        (s) => s.segment,
      );
      let joined = '';
      const boundaries = new Set([0]);
      for (const g of graphemes) boundaries.add((joined += g).length);
      expect(boundaries.has(kept.length)).toBe(true);
    }
  });

  it('never cuts an escape sequence in half', () => {
    const slack = fit('<<<<<<<<', 7, escapeSlack); // each < becomes &lt; (4 code points)
    expect(slack).toBe('&lt;…');
    const discord = escapeDiscord('********', 6); // each * becomes \*
    expect(discord).toBe('\\*\\*…');
  });

  it('cuts a single giant grapheme (zalgo) by code points rather than dropping everything', () => {
    const zalgo = 'e' + '\u0301'.repeat(50);
    const out = fit(zalgo, 10);
    expect(codePoints(out)).toBe(10);
    expect(out.startsWith('e\u0301')).toBe(true);
  });
});

describe('escaping game text', () => {
  it('Slack: &, < and > become entities, so <!everyone> and links are inert', () => {
    expect(fit('<!everyone> & <https://x|y>', 100, escapeSlack)).toBe(
      '&lt;!everyone&gt; &amp; &lt;https://x|y&gt;',
    );
  });

  it('Discord: @everyone/@here are broken, Markdown is escaped, line-start markers too', () => {
    const out = escapeDiscord('@everyone @HERE **b** _i_ `c` [l](u) <@1>\n# h\n> q\n- l\nx - y # z', 500);
    expect(out).not.toMatch(/@(everyone|here)/i);
    expect(out).toContain('\\*\\*b\\*\\*');
    expect(out).toContain('\\[l\\](u)');
    expect(out).toContain('\\<@1>');
    expect(out).toContain('\n\\# h\n\\> q\n\\- l\n');
    expect(out).toContain('x - y # z'); // mid-line: not Markdown, left readable
  });
});
