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
  /**
   * Images processed at once; the rest wait their turn. Default 1: each
   * decode occupies one of libuv's four pool threads for up to seconds (an
   * animated GIF), and a flood of them must leave the pool to everyone else.
   */
  readonly maxConcurrent?: number;
}

/** A counting semaphore: at most `limit` holders, the rest queued in order. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
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
 * event loop; at most `maxConcurrent` images are in work at once, so that
 * image work never takes the whole pool (docs/screenshots.md).
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
  private readonly gate: Gate;

  constructor(options: SharpImageProcessorOptions = {}) {
    this.gate = new Gate(Math.max(1, options.maxConcurrent ?? 1));
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.maxWidth = options.maxWidth ?? DEFAULT_MAX_WIDTH;
    this.jpegQuality = options.jpegQuality ?? 85;
  }

  normalize(bytes: Uint8Array): Promise<Result<ProcessedImage>> {
    return this.gate.run(() => this.process(bytes));
  }

  private async process(bytes: Uint8Array): Promise<Result<ProcessedImage>> {
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
