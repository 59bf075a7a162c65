import { startControlServer } from './control-server.js';
import type { Simulator, SimulatorOptions } from './options.js';
import { GameSimulator } from './simulator.js';

export type {
  Fleet,
  FleetOptions,
  RequestStats,
  ScenarioParams,
  Simulator,
  SimulatorOptions,
  TimelineStep,
} from './options.js';
export { startFleet } from './fleet.js';
export {
  SCENARIOS,
  SCENARIO_NAMES,
  ScenarioError,
  parseScenarioSpec,
  resolveScenario,
  type ScenarioName,
} from './scenarios.js';
export { loadTimelineFile, parseTimeline } from './timeline.js';
export { ACCESS_LOG, AUDIT_LOG, CONSOLE_LOG } from './log-files.js';

/** Starts one simulated game (and its control port when `controlPort` is set). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await GameSimulator.start(options);
  if (options.controlPort !== undefined) {
    try {
      const control = await startControlServer([sim], options.controlPort);
      sim.attachControl(control);
    } catch (err) {
      await sim.stop();
      throw err;
    }
  }
  return sim;
}
