import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import type { ImageProcessor, ProcessedImage } from '../../application/ports/image-processor.js';
import { fail, ok, type Result } from '../../domain/errors.js';
import {
  CONTENT_TYPE_OF,
  EXTENSION_OF,
  sniffImageFormat,
  type ImageFormat,
} from '../../domain/screenshot.js';

export interface SharpImageProcessorOptions {
  /** Most pixels accepted, all frames of an animation together. Default 40 megapixels. */
  readonly maxPixels?: number;
  /** Wider images are scaled down to this width, keeping the aspect. Default 2560. */
  readonly maxWidth?: number;
  /** JPEG re-encoding quality (mozjpeg). Default 85. */
  readonly jpegQuality?: number;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;
export const DEFAULT_MAX_WIDTH = 2560;

const notAnImage = () => fail('unsupported_media_type', 'The file is not a PNG, JPEG or GIF image');

const tooManyPixels = (maxPixels: number) =>
  fail('payload_too_large', `The image has more than ${maxPixels} pixels`);

// libvips reports the limit as "Input image exceeds pixel limit"; every other failure is the input's fault.
const isPixelLimit = (error: unknown): boolean =>
  error instanceof Error && /pixel limit/i.test(error.message);

/**
 * The `ImageProcessor` on sharp (libvips). Every call is asynchronous and
 * runs on libuv's thread pool, so decoding a large image never blocks the
 * event loop.
 *
 * Rules (docs/screenshots.md):
 * - PNG → PNG, lossless: zlib level 9 with adaptive filtering.
 * - JPEG → JPEG, mozjpeg at quality 85 (one more lossy generation, bounded size).
 * - GIF → GIF, animation kept (a screen recording is often the best bug
 *   report); the pixel limit counts every frame.
 * - Wider than `maxWidth` → scaled down to it; height follows the aspect.
 * - No metadata survives: sharp writes none unless asked, and converts any
 *   ICC profile to plain sRGB pixels first.
 */
export class SharpImageProcessor implements ImageProcessor {
  private readonly maxPixels: number;
  private readonly maxWidth: number;
  private readonly jpegQuality: number;

  constructor(options: SharpImageProcessorOptions = {}) {
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.maxWidth = options.maxWidth ?? DEFAULT_MAX_WIDTH;
    this.jpegQuality = options.jpegQuality ?? 85;
  }

  async normalize(bytes: Uint8Array): Promise<Result<ProcessedImage>> {
    // The signature first: libvips reads dozens of formats (SVG, TIFF, HEIF…) we never want to parse.
    const claimed = sniffImageFormat(bytes);
    if (claimed === null) return notAnImage();
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const options: SharpOptions = {
      limitInputPixels: this.maxPixels,
      // 'error' rejects truncated and corrupt data but tolerates the harmless warnings real cameras produce.
      failOn: 'error',
      animated: claimed === 'gif',
    };

    // The header alone: dimensions are known before a single pixel is decoded.
    let header: Metadata;
    try {
      header = await sharp(input, options).metadata();
    } catch (error) {
      return isPixelLimit(error) ? tooManyPixels(this.maxPixels) : notAnImage();
    }
    if (header.format !== claimed) return notAnImage();
    if (header.width * header.height > this.maxPixels) return tooManyPixels(this.maxPixels);

    const pipeline = sharp(input, options).autoOrient();
    if (header.width > this.maxWidth) pipeline.resize({ width: this.maxWidth });
    try {
      const { data, info } = await this.encode(pipeline, claimed).toBuffer({
        resolveWithObject: true,
      });
      return ok({
        bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        format: claimed,
        extension: EXTENSION_OF[claimed],
        contentType: CONTENT_TYPE_OF[claimed],
        width: info.width,
        height: info.pageHeight ?? info.height,
      });
    } catch (error) {
      return isPixelLimit(error) ? tooManyPixels(this.maxPixels) : notAnImage();
    }
  }

  private encode(pipeline: Sharp, format: ImageFormat): Sharp {
    switch (format) {
      case 'png':
        return pipeline.png({ compressionLevel: 9, adaptiveFiltering: true, palette: false });
      case 'jpeg':
        return pipeline.jpeg({ quality: this.jpegQuality, mozjpeg: true });
      case 'gif':
        // Reusing the source palette keeps colours exact and avoids a slow re-quantisation.
        return pipeline.gif({ reuse: true });
    }
  }
}
