import type { AlertEvent, Severity } from '../event.js';

/** Shared wording and colours, so the four providers tell the same story. */

const SEVERITY_COLOUR: Record<Severity, number> = {
  critical: 0xd32f2f,
  high: 0xf57c00,
  warning: 0xfbc02d,
  medium: 0xfbc02d,
  low: 0x1976d2,
  info: 0x607d8b,
};
const RESOLVED_COLOUR = 0x2e7d32;

export function colour(event: AlertEvent): number {
  return event.state === 'resolved' ? RESOLVED_COLOUR : SEVERITY_COLOUR[event.severity];
}

export function colourHex(event: AlertEvent): string {
  return `#${colour(event).toString(16).padStart(6, '0')}`;
}

export function stateWord(event: AlertEvent): string {
  return event.state === 'resolved' ? 'RESOLVED' : 'FIRING';
}

export function stateIcon(event: AlertEvent): string {
  return event.state === 'resolved' ? '✅' : '🔥';
}

/** The facts every provider lists, in this order; empty values are left out. */
export function facts(event: AlertEvent): { name: string; value: string }[] {
  const list = [
    { name: 'Severity', value: event.severity },
    { name: 'Target', value: event.target },
    { name: 'Check', value: event.check },
    { name: 'Value', value: event.value ?? '' },
    { name: 'Threshold', value: event.threshold ?? '' },
    { name: 'Since', value: event.since },
  ];
  if (event.state === 'resolved') list.push({ name: 'Resolved at', value: event.at });
  return list.filter((f) => f.value !== '');
}

export function detailEntries(event: AlertEvent): { name: string; value: string }[] {
  return Object.entries(event.details).map(([name, value]) => ({ name, value }));
}
