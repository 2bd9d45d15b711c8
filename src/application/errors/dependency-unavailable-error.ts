/**
 * Thrown by an adapter when the store it needs cannot be reached (connection
 * refused, pool timeout). The HTTP adapter answers 503 `unavailable`; the
 * adapter guarantees that nothing was half-written.
 */
export class DependencyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DependencyUnavailableError';
  }
}
