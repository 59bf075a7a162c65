import type { ParsedEvent } from '../event.js';
import { godotBase, godotMessage, type GodotRecord } from './godot-record.js';
import type { Parser } from './parser.js';

/** VR system events: VRManager and VRPerformanceMonitor lines (headset, trackers, dropped frames). */
const TRACKER_RE = /^Tracker (added|removed|connected|disconnected): (.+?)(?: \(type: (\d+)\))?$/;
const DROPPED_RE = /^Frame dropped!? \((\d+(?:\.\d+)?) ?ms\)/;
const HMD_DISCONNECTED_RE = /^(?:HMD|Headset) disconnected/i;
const HMD_CONNECTED_RE = /^(?:HMD|Headset) connected/i;
const VR_READY_RE = /^VR mode initialized successfully/;
const VR_INIT_RE = /^Initializing VR/;
const VR_FAILED_RE = /^(?:VR initialization failed|Failed to initialize VR|OpenXR not available)/i;

export const vrParser: Parser<GodotRecord> = {
  source: 'vr',
  parse(r) {
    if (!r.component?.startsWith('VR')) return undefined;
    const text = r.text.trim();
    const m = TRACKER_RE.exec(text);
    if (m) {
      const added = m[1] === 'added' || m[1] === 'connected';
      return vr(r, added ? 'tracker-added' : 'tracker-removed', added ? 'success' : 'unknown', {
        tracker: m[2] ?? '',
        ...(m[3] ? { tracker_type: m[3] } : {}),
      });
    }
    const d = DROPPED_RE.exec(text);
    if (d) {
      return {
        ...vr(r, 'frame-dropped', 'failure', {}),
        'log.level': r.level === 'info' ? 'warn' : r.level,
        'event.duration': Math.round(Number(d[1]) * 1e6),
      };
    }
    if (HMD_DISCONNECTED_RE.test(text)) return vr(r, 'headset-disconnected', 'failure', {});
    if (HMD_CONNECTED_RE.test(text)) return vr(r, 'headset-connected', 'success', {});
    if (VR_READY_RE.test(text)) return vr(r, 'vr-initialized', 'success', {});
    if (VR_INIT_RE.test(text)) return vr(r, 'vr-initializing', 'unknown', {});
    if (VR_FAILED_RE.test(text)) return vr(r, 'vr-initialization-failed', 'failure', {});
    return vr(r, 'vr-log', undefined, {});
  },
};

function vr(
  r: GodotRecord,
  action: string,
  outcome: ParsedEvent['event.outcome'],
  labels: Record<string, string>,
): ParsedEvent {
  return {
    ...godotBase(r),
    message: godotMessage(r),
    'event.dataset': 'spacetime.vr',
    'event.category': ['host'],
    'event.action': action,
    ...(outcome ? { 'event.outcome': outcome } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
}
