import { DeliveryError } from '../../application/errors/delivery-error.js';

/** What GitHub's answer looks like on an Octokit `RequestError`. */
interface HttpFailure {
  readonly status: number;
  readonly message: string;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
  readonly answered: boolean;
}

/** When GitHub signals a rate limit without saying how long (secondary limits): its own advice. */
const FALLBACK_RATE_LIMIT_SECONDS = 60;
const MAX_MESSAGE = 300;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function asHttpFailure(error: unknown): HttpFailure | null {
  if (!(error instanceof Error) || !('status' in error) || typeof error.status !== 'number') {
    return null;
  }
  const response = 'response' in error && isRecord(error.response) ? error.response : undefined;
  const headers = response && isRecord(response.headers) ? response.headers : {};
  return {
    status: error.status,
    message: error.message,
    headers: headers as HttpFailure['headers'],
    answered: response !== undefined,
  };
}

const seconds = (value: string | number | undefined): number | undefined => {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
};

/** Retry-After, else the primary limit's reset time, else nothing: how long GitHub asked us to wait. */
function rateLimitWait(failure: HttpFailure, nowMs: number): number | undefined {
  const retryAfter = seconds(failure.headers['retry-after']);
  if (retryAfter !== undefined) return retryAfter;
  if (String(failure.headers['x-ratelimit-remaining']) === '0') {
    const reset = seconds(failure.headers['x-ratelimit-reset']);
    // One second more, so that the retry lands after the reset (GitHub's advice).
    if (reset !== undefined) return Math.max(1, Math.ceil(reset - nowMs / 1000) + 1);
  }
  return undefined;
}

const PERMANENT_HINTS: Readonly<Record<number, string>> = {
  401: 'GitHub rejected the token (check GITHUB_TOKEN)',
  403: 'GitHub refused access (the token needs "Issues: read and write" on the repository)',
  404: 'GitHub repository not found, or the token cannot see it (check GITHUB_REPO and the token)',
  410: 'Issues are disabled on the GitHub repository',
  422: 'GitHub refused the issue as invalid',
};

/**
 * Sorts a failure of a GitHub call into DeliveryError's two kinds. Transient:
 * no answer (network, timeout), 5xx, and every rate-limit signal (429, or 403
 * with Retry-After, `x-ratelimit-remaining: 0` or a "secondary rate limit"
 * message), with the wait GitHub asked for. Permanent: 401, 404, 410, 422 and
 * other 4xx, including a plain 403 (missing permission). `secret` (the token)
 * is scrubbed from whatever text reaches the message.
 */
export function toDeliveryError(
  action: string,
  error: unknown,
  { secret, nowMs }: { secret: string; nowMs: number },
): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const scrub = (text: string): string => {
    const clean = secret ? text.split(secret).join('[REDACTED]') : text;
    return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean;
  };
  const failure = asHttpFailure(error);
  if (!failure || !failure.answered) {
    const detail = error instanceof Error ? error.message : String(error);
    return new DeliveryError(
      scrub(`GitHub could not be reached to ${action}: ${detail}`),
      'transient',
      undefined,
      {
        cause: error,
      },
    );
  }
  const { status } = failure;
  const said = scrub(`GitHub answered ${status} to ${action}: ${failure.message}`);
  const wait = rateLimitWait(failure, nowMs);
  const rateLimited =
    status === 429 ||
    (status === 403 && (wait !== undefined || /secondary rate limit|abuse/i.test(failure.message)));
  if (rateLimited) {
    return new DeliveryError(said, 'transient', wait ?? FALLBACK_RATE_LIMIT_SECONDS, {
      cause: error,
    });
  }
  if (status >= 500) return new DeliveryError(said, 'transient', wait, { cause: error });
  const hint = PERMANENT_HINTS[status];
  return new DeliveryError(hint ? `${hint}. ${said}` : said, 'permanent', undefined, {
    cause: error,
  });
}

/**
 * What a failed request tells about its effect. `refused`: GitHub answered
 * 4xx (including rate limits), nothing happened. `not-sent`: no connection
 * was made (refused, unknown host), nothing happened. `server-error`: a 5xx
 * came back; `no-answer`: the connection dropped or timed out after the
 * request may have left. In the last two, GitHub may have done it anyway.
 */
export type FailureEffect = 'refused' | 'not-sent' | 'server-error' | 'no-answer';

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let at: unknown = error, depth = 0; isRecord(at) && depth < 5; depth += 1) {
    if (typeof at.code === 'string') codes.push(at.code);
    at = at.cause;
  }
  return codes;
}

export function failureEffect(error: unknown): FailureEffect {
  const failure = asHttpFailure(error);
  if (failure?.answered) return failure.status >= 500 ? 'server-error' : 'refused';
  return causeCodes(error).some((code) => NOT_SENT_CODES.has(code)) ? 'not-sent' : 'no-answer';
}
