import { Agent, request } from 'undici';
import type { HttpAnswer, RenderedRequest } from './providers/provider.js';

export interface TransportOptions {
  /** Whole request, connect to last body byte. */
  timeoutMs: number;
  connectTimeoutMs?: number;
  /** Bytes of the provider's answer kept (for logs and `notify test`); the rest is discarded. */
  maxAnswerBytes?: number;
}

export const USER_AGENT = 'spacetime-monitor-alerting/1';

/** A failure to get any HTTP answer (refused, reset, timeout). `code` is safe to log. */
export class NetworkError extends Error {
  constructor(readonly code: string) {
    super(`network error: ${code}`);
    this.name = 'NetworkError';
  }
}

/** POSTs rendered alerts with undici, bounded in time and in answer size. */
export class Transport {
  private readonly agent: Agent;

  constructor(private readonly options: TransportOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? Math.min(options.timeoutMs, 5000) },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async post(url: string, rendered: RenderedRequest, signal?: AbortSignal): Promise<HttpAnswer> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(url, {
        method: 'POST',
        body: rendered.body,
        headers: { 'user-agent': USER_AGENT, ...rendered.headers },
        dispatcher: this.agent,
        signal: combined,
      });
      const limit = this.options.maxAnswerBytes ?? 16 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      // The status is the answer; past the cap the rest is not worth waiting for. An answer that
      // never ends must not turn a 2xx into a timeout, and so into a second delivery.
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        chunks.push(buf.subarray(0, limit - size));
        size += buf.length;
        if (size >= limit) break;
      }
      return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
    } catch (err) {
      throw new NetworkError(errorCode(err, timeout.aborted));
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A code, not a message: undici and the OS put hosts and paths in messages, never in codes. */
function errorCode(err: unknown, timedOut: boolean): string {
  if (timedOut) return 'TIMEOUT';
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e.code === 'string') return e.code;
  if (typeof e.cause?.code === 'string') return e.cause.code;
  if (typeof e.name === 'string') return e.name;
  return 'UNKNOWN';
}
