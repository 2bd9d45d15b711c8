import { fail, ok, validationFailed, type Result } from './errors.js';
import { formatOfMediaType } from './screenshot.js';

/** `screenshot_data` as the client sent it, checked but not yet decoded. */
export interface ScreenshotPayload {
  /** Standard base64 without whitespace, padding optional. */
  readonly base64: string;
  /** Bytes it decodes to, computed without decoding. */
  readonly decodedBytes: number;
}

const FIELD = 'screenshot_data';
const DATA_URL = /^data:([^,]*?),/i;
const BASE64 = /^[A-Za-z0-9+/]*(?:={1,2})?$/;

/** Exact decoded size of well-formed base64: 3 bytes per 4 characters, less the padding. */
export function decodedBase64Length(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const unpadded = base64.length - padding;
  return Math.floor((unpadded * 3) / 4);
}

/**
 * Checks `screenshot_data` (plain base64 or a `data:image/…;base64,` URL)
 * and its size BEFORE anything is decoded, so that an oversized or bogus
 * payload costs no memory beyond the string already parsed.
 *
 * - not base64, or a data URL that is not base64 → `validation_failed` on `screenshot_data`
 * - a data URL of a type other than PNG, JPEG or GIF → `unsupported_media_type`
 * - more than `maxBytes` once decoded → `payload_too_large`
 *
 * Whether the bytes really are an image is the image processor's call.
 */
export function parseScreenshotData(input: string, maxBytes: number): Result<ScreenshotPayload> {
  let body = input;
  const dataUrl = DATA_URL.exec(input);
  if (dataUrl) {
    const [mediaType = '', ...parameters] = (dataUrl[1] ?? '').split(';');
    if (formatOfMediaType(mediaType) === null) {
      return fail('unsupported_media_type', 'A screenshot must be a PNG, JPEG or GIF image');
    }
    if (!parameters.some((p) => p.trim().toLowerCase() === 'base64')) {
      return validationFailed([{ path: FIELD, message: 'Expected a base64 data URL' }]);
    }
    body = input.slice(dataUrl[0].length);
  }
  // MIME encoders wrap base64 at 76 columns; the line breaks carry no data.
  const base64 = body.replace(/\s+/g, '');
  if (base64.length === 0) return validationFailed([{ path: FIELD, message: 'Empty' }]);
  const wellFormed =
    BASE64.test(base64) &&
    base64.length % 4 !== 1 &&
    (!base64.endsWith('=') || base64.length % 4 === 0);
  if (!wellFormed) return validationFailed([{ path: FIELD, message: 'Not valid base64' }]);
  const decodedBytes = decodedBase64Length(base64);
  if (decodedBytes > maxBytes) {
    return fail('payload_too_large', `A screenshot may be at most ${maxBytes} bytes`);
  }
  return ok({ base64, decodedBytes });
}
