import type { Result } from '../../domain/errors.js';
import type { ImageExtension, ImageFormat } from '../../domain/screenshot.js';

/** An image that is safe to store and serve: decoded, bounded and re-encoded. */
export interface ProcessedImage {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  /** The extension its stored name gets: `png`, `jpg` or `gif`. */
  readonly extension: ImageExtension;
  readonly contentType: string;
  readonly width: number;
  /** For an animated GIF, the height of one frame. */
  readonly height: number;
}

/**
 * Turns untrusted bytes into an image bugport is willing to keep.
 *
 * Contract (every adapter, and the contract tests, hold to it):
 * - Accepts PNG, JPEG and GIF only, judged by CONTENT: the signature must
 *   name one of them AND the whole image must decode as that format.
 *   Anything else → `unsupported_media_type`. File names and declared media
 *   types are not consulted.
 * - More pixels than the adapter's limit (width × height, all frames of an
 *   animation together) → `payload_too_large`, decided from the header
 *   before any pixel is decoded, so a decompression bomb costs nothing.
 * - The result carries no metadata: EXIF (camera, GPS), XMP, IPTC, ICC
 *   profiles and text chunks are dropped; EXIF orientation is applied to the
 *   pixels first so the picture still looks the same.
 * - The result is in the input's own format, re-encoded; images wider than
 *   the adapter's maximum width are scaled down to it, keeping the aspect.
 *
 * Never throws for bad input; throws only for the unexpected (a bug, out of memory).
 */
export interface ImageProcessor {
  normalize(bytes: Uint8Array): Promise<Result<ProcessedImage>>;
}
