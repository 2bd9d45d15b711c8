/**
 * Thrown by adapters that deliver outside (issue tracker, mailer).
 * `transient`: worth retrying (network, 5xx, rate limits, SMTP 4xx);
 * `permanent`: retrying will not help until an operator acts (bad token,
 * unknown repository, SMTP 5xx). The message never contains a secret.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent',
    /** When the far side said how long to wait (Retry-After, rate-limit reset). */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
