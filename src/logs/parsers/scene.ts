import type { ParsedEvent } from '../event.js';
import { godotBase, godotMessage, type GodotRecord } from './godot-record.js';
import type { Parser } from './parser.js';

/** Scene load events: every console line of a Scene* component (SceneRouter, SceneLoadMonitor...). */
export type SceneResult = 'requested' | 'loaded' | 'timeout' | 'failed';

const REQUESTED_RE = /^Scene load requested: (.+)$/;
const LOADED_RE = /^Scene loaded: (.+?) in (\d+(?:\.\d+)?) ?ms$/;
const TIMEOUT_RE = /^Scene load timed out after (\d+(?:\.\d+)?) seconds?: (.+)$/;
const FAILED_RE = /^(?:Scene load failed|Failed to load scene|Scene failed to load)(?: for)?:? ?(.*)$/i;

export const sceneParser: Parser<GodotRecord> = {
  source: 'scene',
  parse(r) {
    if (!r.component?.startsWith('Scene')) return undefined;
    const text = r.text.trim();
    let m = REQUESTED_RE.exec(text);
    if (m) return scene(r, 'requested', { 'file.path': m[1] ?? '' });
    m = LOADED_RE.exec(text);
    if (m) {
      const ms = Number(m[2]);
      return scene(r, 'loaded', { labels: { scene: m[1] ?? '' }, 'event.duration': Math.round(ms * 1e6) });
    }
    m = TIMEOUT_RE.exec(text);
    if (m) {
      const seconds = Number(m[1]);
      return scene(r, 'timeout', { 'file.path': m[2] ?? '', 'event.duration': Math.round(seconds * 1e9) });
    }
    m = FAILED_RE.exec(text);
    if (m) return scene(r, 'failed', m[1] ? { 'error.message': m[1] } : {});
    // Every other line of a scene component is still a scene event (Filebeat's scene input agrees).
    return {
      ...godotBase(r),
      message: godotMessage(r),
      'event.dataset': 'spacetime.scene',
      'event.category': ['process'],
      'event.action': 'scene-log',
    };
  },
};

const ACTIONS: Record<SceneResult, string> = {
  requested: 'scene-load-requested',
  loaded: 'scene-loaded',
  timeout: 'scene-load-timeout',
  failed: 'scene-load-failed',
};

function scene(r: GodotRecord, result: SceneResult, extra: Partial<ParsedEvent>): ParsedEvent {
  const failed = result === 'timeout' || result === 'failed';
  const labels = { ...extra.labels, scene_result: result };
  return {
    ...godotBase(r),
    ...(failed && r.level !== 'error' ? { 'log.level': 'warn' as const } : {}),
    message: godotMessage(r),
    'event.dataset': 'spacetime.scene',
    'event.category': ['process'],
    'event.type': result === 'requested' ? ['start'] : ['end'],
    'event.action': ACTIONS[result],
    'event.outcome': result === 'requested' ? 'unknown' : failed ? 'failure' : 'success',
    ...extra,
    labels,
  };
}
