/**
 * Faults on demand: the next Cognito call (or the next call of one API) gets a failure instead of its answer, so
 * that the real-level tests can walk what a flow does when the network drops, Cognito throttles, or a call never
 * answers. Nothing is queued unless a test asks; the demo never uses it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `network`: the connection is dropped (aws-amplify reports a NetworkError). `hang`: no answer at all, until the
 * backend closes. Otherwise Cognito's error response with that exception name (HTTP 400 unless `status` says).
 */
export type Fault = 'network' | 'hang' | { readonly name: string; readonly message: string; readonly status?: number };

/** The API a request calls (`InitiateAuth`, `RespondToAuthChallenge`, …), from its X-Amz-Target; undefined for other routes. */
const apiOf = (req: IncomingMessage): string | undefined => {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : undefined;
};

export class FaultPlan {
  readonly #queue: { fault: Fault; api: string | undefined }[] = [];
  /** The fault each failed call got, by aws-amplify's invocation id: its retries get the same. */
  readonly #given = new Map<string, Fault>();
  /**
   * The calls left hanging, by invocation id. `clear` keeps them: a hung call stays hung until the backend closes,
   * so a retry of it (aws-amplify's, when its connection drops) is never answered after a test has moved on.
   */
  readonly #hung = new Set<string>();

  /**
   * The next Cognito call (of `api` only, when given) gets `fault` instead of its answer, and so do that call's
   * retries: aws-amplify tries a call that failed on the network or was throttled up to three times, each with
   * the same `amz-sdk-invocation-id`.
   */
  next(fault: Fault, api?: string): void {
    this.#queue.push({ fault, api });
  }

  /** Faults queued and not yet given. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Forgets the queued faults and those given to calls that failed; a hung call stays hung. */
  clear(): void {
    this.#queue.length = 0;
    this.#given.clear();
  }

  /** Middleware: gives the first queued fault that matches this call, or passes the call on. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const api = apiOf(req);
    const invocation = req.headers['amz-sdk-invocation-id'];
    const id = typeof invocation === 'string' ? invocation : undefined;
    if (id !== undefined && this.#hung.has(id)) return;
    let fault = id === undefined ? undefined : this.#given.get(id);
    if (!fault) {
      const at = api === undefined ? -1 : this.#queue.findIndex((f) => f.api === undefined || f.api === api);
      fault = at >= 0 ? this.#queue.splice(at, 1)[0]?.fault : undefined;
      if (fault && id !== undefined) this.#given.set(id, fault);
    }
    if (!fault) {
      next();
      return;
    }
    if (fault === 'network') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      if (id !== undefined) this.#hung.add(id);
      return;
    }
    res
      .writeHead(fault.status ?? 400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.name })
      .end(JSON.stringify({ __type: fault.name, message: fault.message }));
  }
}
