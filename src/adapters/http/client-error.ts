import type { Socket } from 'node:net';
import { STATUS_OF, errorBody } from './error-status.js';

/**
 * Requests Node's HTTP parser refuses before Koa sees them (a raw non-ASCII
 * byte in the path, a malformed request line, headers over Node's limit)
 * still get an answer in the API's error shape, not a bare 400. Attach with
 * `server.on('clientError', answerClientError)`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A client that went away, or a socket already answering: nothing to say.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const code = tooLarge ? 'payload_too_large' : 'validation_failed';
  const body = JSON.stringify(
    tooLarge
      ? errorBody(code, 'The request headers are too large')
      : errorBody(code, 'The request could not be parsed', [
          { path: '', message: 'Malformed HTTP request' },
        ]),
  );
  const status = STATUS_OF[code];
  const reason = tooLarge ? 'Payload Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
