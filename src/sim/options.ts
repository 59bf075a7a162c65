/** A scenario parameter as given on the command line, the control port or a timeline file. */
export type ScenarioParams = Record<string, string | number>;

export interface TimelineStep {
  /** Seconds after start. */
  at: number;
  scenario: string;
  params?: ScenarioParams;
}

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = ephemeral (tests always use 0). Default 8080. */
  port?: number;
  shape?: 'godot' | 'documented';
  /** The JWT is written here without a trailing newline. */
  tokenFile?: string;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  quirks?: {
    separatePerformanceToken?: boolean;
    /** A release build: Godot reports static and dynamic memory as 0; /status says production. */
    releaseBuild?: boolean;
  };
  /** godot_console.log, http_api_audit.log, http_api_access.log are written here. */
  logDir?: string;
  /** 0 = ephemeral; undefined = no telemetry socket. */
  telemetryPort?: number;
  /** 0 = ephemeral; undefined = no control port. Always bound to 127.0.0.1. */
  controlPort?: number;
  scenario?: string;
  scenarioParams?: ScenarioParams;
  timeline?: TimelineStep[];
  /** Seeds the game model's noise (not the JWT secret, which is always random). */
  seed?: number;
  /** Telemetry ping period; default 30 000 ms (tests shorten it). */
  telemetryPingMs?: number;
  /** Telemetry clients silent this long are dropped; default 60 000 ms. */
  telemetryIdleMs?: number;
}

export interface RequestStats {
  total: number;
  /** Keys like "GET /performance". */
  requests: Record<string, number>;
}

export interface Simulator {
  /** http://host:port, or https:// while the cert-expiring scenario is active. */
  readonly url: string;
  readonly port: number;
  readonly telemetryUrl?: string;
  readonly controlUrl?: string;
  readonly pid: number;
  readonly logDir?: string;
  /** PEM of the self-signed certificate while serving https (cert-expiring), for clients' `ca`. */
  readonly caPem?: string;
  currentToken(): string;
  /** The 64-hex token `/performance` checks under the separate-performance-token quirk. */
  performanceToken(): string | undefined;
  /** Name and parameters of the active scenario. */
  scenario(): { name: string; params: Record<string, number> };
  /** Throws ScenarioError for an unknown scenario or parameter. */
  setScenario(name: string, params?: ScenarioParams): void;
  /** Resolves when every scenario switch so far has taken effect (listener closed/reopened...). */
  whenSettled(): Promise<void>;
  stats(): RequestStats;
  /** Reopens the log files (after they were renamed away); the CLI does it on SIGHUP. */
  reopenLogs(): void;
  stop(): Promise<void>;
}

export interface FleetOptions extends Omit<SimulatorOptions, 'port'> {
  instances: number;
  /** Instance i listens on basePort + i. */
  basePort: number;
}

export interface Fleet {
  readonly simulators: Simulator[];
  readonly controlUrl?: string;
  stop(): Promise<void>;
}
