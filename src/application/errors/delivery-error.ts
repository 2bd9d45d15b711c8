/**
 * Thrown by adapters that deliver outside (issue tracker, mailer).
 * `transient`: worth retrying (network, 5xx, rate limits, SMTP 4xx);
 * `permanent`: retrying will not help until an operator acts (bad token,
 * unknown repository, SMTP 5xx). The message never contains a secret.
 *
 * `uncertain`: the request may have taken effect although no success came
 * back (the connection dropped, or a 5xx or timeout after it was sent).
 * Such a failure must not be repeated blindly: the next attempt looks for
 * what the lost one may have done first, and is not made before the far
 * side had time to finish it (`RetryPolicy.uncertainDelaySeconds`).
 */
export class DeliveryError extends Error {
  readonly uncertain: boolean;

  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent',
    /** When the far side said how long to wait (Retry-After, rate-limit reset). */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown; uncertain?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.uncertain = options?.uncertain ?? false;
  }
}
