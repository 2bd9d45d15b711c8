import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/*
 * A raw HTTP client for tests that must send what `fetch` refuses or rewrites
 * (paths with `..`, `%`, encoded slashes or Latin-1 bytes, arbitrary bodies and
 * headers), and the contract's answer shape (status, error shape, codes) as a check.
 */

export interface RawRequest {
  readonly method: string;
  /** Sent as it is: no normalisation, no encoding. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: Buffer | string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly bytes: Buffer;
  readonly text: string;
}

/** One request on its own connection (no keep-alive races), with a deadline. */
export function sendRaw(
  baseUrl: string,
  req: RawRequest,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    headers[name] = typeof value === 'string' ? value : [...value];
  }
  if (body !== undefined) headers['content-length'] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: hostname, port, method: req.method, path: req.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes,
            text: bytes.toString('utf8'),
          });
        });
      },
    );
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The contract's error-code table (and docs/api.md's reserved 409): the status of each code. */
export const CONTRACT_STATUS_OF: Readonly<Record<string, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  not_found: 404,
  invalid_status_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `METHOD path → status body`, short enough for an assertion message. */
export const describeExchange = (req: RawRequest, res: RawResponse): string =>
  `${req.method} ${JSON.stringify(req.path.slice(0, 300))} → ${res.status} ${res.text.slice(0, 400)}`;

/**
 * Throws unless `res` is an error body of the contract: `{ success: false,
 * error: { code, message, details? } }`, a known code, the status of that
 * code, `details` as `[{ path, message }]` (required with validation_failed),
 * `Retry-After` with 429 and `WWW-Authenticate: Bearer` with 401.
 */
export function assertContractError(req: RawRequest, res: RawResponse): void {
  const fail = (why: string): never => {
    throw new Error(`${why}: ${describeExchange(req, res)}`);
  };
  if (!/^application\/json\b/.test(res.headers['content-type'] ?? '')) fail('not JSON');
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return fail('unparsable JSON');
  }
  if (!isRecord(body)) return fail('not an object');
  if (Object.keys(body).sort().join() !== 'error,success') fail('keys other than success, error');
  if (body.success !== false) fail('success is not false');
  const { error } = body;
  if (!isRecord(error)) return fail('error is not an object');
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length > 0) fail(`unexpected error keys ${extra.join()}`);
  if (typeof error.code !== 'string') return fail('code is not a string');
  if (typeof error.message !== 'string' || error.message === '') fail('message is not a string');
  const status = CONTRACT_STATUS_OF[error.code];
  if (status === undefined) fail(`code ${error.code} is not in the contract`);
  if (status !== res.status) fail(`code ${error.code} belongs with ${status}`);
  if (error.details !== undefined) {
    if (!Array.isArray(error.details)) fail('details is not an array');
    for (const detail of error.details as unknown[]) {
      if (
        !isRecord(detail) ||
        Object.keys(detail).sort().join() !== 'message,path' ||
        typeof detail.path !== 'string' ||
        typeof detail.message !== 'string'
      ) {
        fail(`detail ${JSON.stringify(detail)} is not { path, message }`);
      }
    }
  }
  if (error.code === 'validation_failed' && !(Array.isArray(error.details) && error.details.length))
    fail('validation_failed without details');
  if (res.status === 429 && !/^[1-9][0-9]*$/.test(String(res.headers['retry-after'] ?? ''))) {
    fail('429 without a Retry-After in whole seconds');
  }
  if (res.status === 401 && res.headers['www-authenticate'] !== 'Bearer') {
    fail('401 without WWW-Authenticate: Bearer');
  }
}

/** The error body's parts, for tests that assert on a code or a field. */
export function errorOf(res: RawResponse): {
  code: string;
  message: string;
  details: { path: string; message: string }[];
} {
  const body = JSON.parse(res.text) as {
    error: { code: string; message: string; details?: { path: string; message: string }[] };
  };
  return { ...body.error, details: body.error.details ?? [] };
}
