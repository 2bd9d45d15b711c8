import type { ImageProcessor, ProcessedImage } from '../../application/ports/image-processor.js';
import { fail, ok, type Result } from '../../domain/errors.js';
import { CONTENT_TYPE_OF, EXTENSION_OF, sniffImageFormat } from '../../domain/screenshot.js';

/** Width and height from a PNG's IHDR or a GIF's logical screen; JPEG needs a real parser. */
function headerSize(bytes: Uint8Array, format: 'png' | 'jpeg' | 'gif') {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png' && bytes.length >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'gif' && bytes.length >= 10) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return { width: 0, height: 0 };
}

/**
 * A stand-in for tests and demos without libvips: it trusts the signature,
 * checks the pixel limit from PNG and GIF headers, and returns the bytes
 * unchanged (no decoding, no metadata stripping). Never use it on real input.
 */
export class InMemoryImageProcessor implements ImageProcessor {
  /** Every input seen, so tests can tell whether processing happened at all. */
  readonly processed: Uint8Array[] = [];

  constructor(private readonly maxPixels = 40_000_000) {}

  async normalize(bytes: Uint8Array): Promise<Result<ProcessedImage>> {
    this.processed.push(bytes);
    const format = sniffImageFormat(bytes);
    if (format === null) {
      return fail('unsupported_media_type', 'The file is not a PNG, JPEG or GIF image');
    }
    const { width, height } = headerSize(bytes, format);
    if (width * height > this.maxPixels) {
      return fail('payload_too_large', `The image has more than ${this.maxPixels} pixels`);
    }
    return ok({
      bytes: Uint8Array.from(bytes),
      format,
      extension: EXTENSION_OF[format],
      contentType: CONTENT_TYPE_OF[format],
      width,
      height,
    });
  }
}
