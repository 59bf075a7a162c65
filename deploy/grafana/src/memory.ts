/**
 * The memory the alert rules watch: the resident size of the game's process when the exporter can
 * see it, else the static memory the game reports. `selector` is extra label matchers, or ''.
 */
export function memoryInUse(selector: string): string {
  const extra = selector ? `, ${selector}` : '';
  return `spacetime_process_resident_memory_bytes${selector ? `{${selector}}` : ''} or spacetime_memory_bytes{type="static"${extra}}`;
}
