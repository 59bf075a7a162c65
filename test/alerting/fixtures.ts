import type { AlertEvent } from '../../src/alerting/event.js';

/**
 * The alerts every alerting test sends and docs/alerting.md shows. Fixed timestamps, so the
 * rendered payloads are byte-for-byte stable.
 */
export const firing: AlertEvent = {
  id: 'local/LOW_FPS',
  target: 'local',
  check: 'LOW_FPS',
  severity: 'critical',
  state: 'firing',
  value: '41.7 FPS',
  threshold: '< 60 FPS',
  since: '2026-11-25T20:15:00.000Z',
  at: '2026-11-25T20:15:00.000Z',
  summary: 'local: FPS 41.7 below 60',
  details: { scene: 'res://scenes/main_vr.tscn', api_url: 'http://127.0.0.1:8080' },
};

export const resolved: AlertEvent = {
  ...firing,
  state: 'resolved',
  value: '89.9 FPS',
  at: '2026-11-25T20:21:30.000Z',
  summary: 'local: FPS back to 89.9',
};

/** Game data at its worst: pings, Markdown, links, over-long text and emoji right at the cut points. */
const emojiWall = '👨‍👩‍👧‍👦🇫🇷é'.repeat(800); // ZWJ family, flag, combining-free é: multi-unit graphemes
export const hostile: AlertEvent = {
  id: `lobby-<!everyone>/SCENE_LOAD_FAILED`,
  target: 'lobby-<!everyone>',
  check: 'SCENE_LOAD_FAILED',
  severity: 'high',
  state: 'firing',
  value: '@everyone **4** failures',
  threshold: '> 3 in 5m',
  since: '2026-11-25T20:00:00.000Z',
  at: '2026-11-25T20:05:00.000Z',
  summary:
    '@everyone @here <!channel> <@U024BE7LH> [click](https://evil.example) *bold* _it_ ~s~ `code` ```fence``` ' +
    '# heading\n> quote\n- list & more <script> ' +
    'x'.repeat(140) +
    emojiWall,
  details: Object.fromEntries(
    Array.from({ length: 70 }, (_, i) => [
      `detail_${i} @here <b>`,
      `${'v'.repeat(1500)}🙂${'w'.repeat(600)}`,
    ]),
  ),
};

export const FIXTURES = { firing, resolved, hostile } as const;

/** A short piece of mischief, small enough to show in the docs next to its escaped rendering. */
export const mischief: AlertEvent = {
  ...firing,
  summary: '@everyone <!channel> **lobby** is _down_ [click](https://evil.example) & more',
};
