import type { Fleet, FleetOptions, Simulator } from './options.js';
import { GameSimulator } from './simulator.js';
import { startControlServer, type ControlServer } from './control-server.js';

/** Instance i's token file: `jwt_token.txt` becomes `jwt_token.<port>.txt`. */
export function fleetTokenFile(tokenFile: string, port: number): string {
  const dot = tokenFile.lastIndexOf('.');
  const slash = tokenFile.lastIndexOf('/');
  return dot > slash + 1
    ? `${tokenFile.slice(0, dot)}.${port}${tokenFile.slice(dot)}`
    : `${tokenFile}.${port}`;
}

/**
 * N independent games in this process on consecutive ports, each with its own secret, token,
 * state and log directory (`<logDir>/<port>/`). One control port serves the whole fleet.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { instances, basePort, controlPort, ...shared } = options;
  if (!Number.isInteger(instances) || instances < 1)
    throw new Error(`instances must be a positive integer, got ${instances}`);
  const simulators: GameSimulator[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(simulators.map((s) => s.stop()));
  };
  let control: ControlServer | undefined;
  try {
    for (let i = 0; i < instances; i++) {
      const port = basePort === 0 ? 0 : basePort + i;
      const telemetryPort =
        shared.telemetryPort === undefined || shared.telemetryPort === 0
          ? shared.telemetryPort
          : shared.telemetryPort + i;
      const name = String(port === 0 ? i : port);
      simulators.push(
        await GameSimulator.start(
          {
            ...shared,
            port,
            telemetryPort,
            tokenFile: shared.tokenFile ? fleetTokenFile(shared.tokenFile, port === 0 ? i : port) : undefined,
            logDir: shared.logDir ? `${shared.logDir}/${name}` : undefined,
          },
          i,
        ),
      );
    }
    // Inside the try: a taken control port must not leave the games running with no handle to stop them.
    control = controlPort === undefined ? undefined : await startControlServer(simulators, controlPort);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    simulators: simulators as Simulator[],
    controlUrl: control?.url,
    stop: async () => {
      await control?.close();
      await stopAll();
    },
  };
}
