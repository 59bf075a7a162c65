import { execFile } from 'node:child_process';

export interface ToolResult {
  code: number;
  output: string;
}

/** Runs a Debian tool (promtool, amtool) to completion and returns its exit code and combined output. */
export function runTool(bin: string, args: string[], cwd?: string): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
