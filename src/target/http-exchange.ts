import type { Dispatcher } from 'undici';
import { BodyTooLargeError, classifyError, ResponseTimeoutError } from './classify-error.js';
import type { FailureKind } from './failure.js';

export type Exchange =
  | { ok: true; statusCode: number; body: Buffer; durationSeconds: number }
  | { ok: false; kind: FailureKind; reason: string; durationSeconds: number; statusCode?: number };

export interface ExchangeRequest {
  origin: string;
  path: string;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  /** Whole answer (headers and body), counted from the moment the request goes on the connection. */
  responseTimeoutMs: number;
  maxBodyBytes: number;
}

/**
 * One GET with exact phase accounting. A raw undici handler is used (not `request()`) because only
 * it tells us when the connection is made, so a hang after connect is a response_timeout and the
 * body cap can abort reading as soon as it is passed.
 */
export function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<Exchange> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  return new Promise<Exchange>((resolve) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let statusCode: number | undefined;
    let responseTimer: NodeJS.Timeout | undefined;
    const chunks: Buffer[] = [];
    let received = 0;

    const finish = (result: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(responseTimer);
      clearTimeout(backstop);
      resolve(result);
    };
    const fail = (err: unknown) => {
      const { kind, reason } = classifyError(err);
      finish({ ok: false, kind, reason, durationSeconds: elapsed(), statusCode });
    };
    const abort = (err: Error) => {
      fail(err);
      controller?.abort(err);
    };

    // Should undici never call back (it always should), the caller still gets an answer.
    const backstop = setTimeout(
      () =>
        abort(
          controller
            ? new ResponseTimeoutError(
                `no complete answer within ${req.responseTimeoutMs} ms (main loop stalled?)`,
              )
            : Object.assign(new Error('no connection within the connect timeout'), {
                code: 'UND_ERR_CONNECT_TIMEOUT',
              }),
        ),
      req.connectTimeoutMs + req.responseTimeoutMs + 2_000,
    );

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctrl) {
        controller = ctrl;
        if (settled) {
          ctrl.abort(new Error('already answered'));
          return;
        }
        responseTimer = setTimeout(
          () =>
            abort(
              new ResponseTimeoutError(
                `connected, but no complete answer within ${req.responseTimeoutMs} ms (main loop stalled?)`,
              ),
            ),
          req.responseTimeoutMs,
        );
      },
      onResponseStart(ctrl, code, headers) {
        statusCode = code;
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
          abort(new BodyTooLargeError(`body of ${declared} bytes declared, limit ${req.maxBodyBytes}`));
        }
      },
      onResponseData(_ctrl, chunk) {
        if (settled) return;
        received += chunk.length;
        if (received > req.maxBodyBytes) {
          abort(
            new BodyTooLargeError(`body exceeds the limit of ${req.maxBodyBytes} bytes; stopped reading`),
          );
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish({
          ok: true,
          statusCode: statusCode ?? 0,
          body: Buffer.concat(chunks),
          durationSeconds: elapsed(),
        });
      },
      onResponseError(_ctrl, err) {
        fail(err);
      },
    };

    try {
      dispatcher.dispatch(
        { origin: req.origin, path: req.path, method: 'GET', headers: req.headers },
        handler,
      );
    } catch (err) {
      fail(err);
    }
  });
}
