import { fail, ok, validationFailed, type Result } from '../../domain/errors.js';
import { formatOfFileName, uploadedScreenshotName } from '../../domain/screenshot.js';
import type { Principal } from '../access/principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';
import type { UploadRegistry } from '../ports/upload-registry.js';

export interface UploadScreenshotDeps {
  readonly images: ImageProcessor;
  readonly screenshots: ScreenshotStore;
  readonly uploads: UploadRegistry;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /**
   * Uploads per user (`UPLOAD_RATE_LIMIT`), counted before any image work:
   * past it, 429. Without it, uploads are not limited.
   */
  readonly rateLimiter?: RateLimiter;
  /** Largest upload accepted, in bytes (`MAX_SCREENSHOT_SIZE_MB` × 1 MiB). */
  readonly maxBytes: number;
  /**
   * How `path` in the answer starts: the configured `UPLOAD_DIR`, told to the
   * client only as `publicUploadDirLabel` allows. Default `uploads`.
   */
  readonly uploadDirLabel?: string;
}

export interface UploadScreenshotCommand {
  readonly principal: Principal;
  /**
   * The client's file name: its extension, when it has one, is checked; the
   * name itself is never used. A canvas `Blob` arrives named `blob`: fine.
   */
  readonly filename: string;
  readonly bytes: Uint8Array;
}

export interface UploadedScreenshot {
  /** `<uuid>.<ext>`: what a report links as `screenshot_filename` or in `attachments`. */
  readonly filename: string;
  /** `uploads/screenshots/<uuid>.<ext>`. */
  readonly path: string;
}

const FIELD = 'screenshot';

/**
 * What the answer's `path` may say of `UPLOAD_DIR`: a relative directory
 * inside the working directory as configured (`uploads`, `data/uploads`),
 * anything else (absolute, or climbing out with `..`) by its last segment
 * only, so that an answer never reveals the server's file system layout.
 * The working directory itself (`.`) is the empty label.
 */
export function publicUploadDirLabel(uploadDir: string): string {
  const segments = uploadDir.split(/[/\\]+/).filter((part) => part !== '' && part !== '.');
  const absolute = /^([/\\]|[A-Za-z]:)/.test(uploadDir);
  if (!absolute && !segments.includes('..')) return segments.join('/');
  const last = segments.filter((part) => part !== '..').pop();
  // The root of a file system (`/`, `C:\`) has no name to tell: the path starts at `screenshots/`.
  return last === undefined || /^[A-Za-z]:$/.test(last) ? '' : last;
}

/**
 * Whether the name's last segment has a dot in it, i.e. claims a type by its
 * extension. The content decides the format either way.
 */
const hasExtension = (filename: string): boolean =>
  (filename.split(/[/\\]/).pop() ?? '').includes('.');

/**
 * `POST /upload-screenshot`: a screenshot on its own, to be linked by a
 * report later. The name's extension, when it has one, must be an image's
 * (a name without one, like a canvas Blob's `blob`, is fine) and the content must
 * BE one (it decides the stored extension: a PNG named `.jpg` is stored as
 * `.png`). The file is stored re-encoded under a fresh `<uuid>.<ext>` name and
 * recorded as the caller's company's, so no other company can link it.
 */
export class UploadScreenshot {
  constructor(private readonly deps: UploadScreenshotDeps) {}

  async execute({
    principal,
    filename,
    bytes,
  }: UploadScreenshotCommand): Promise<Result<UploadedScreenshot>> {
    const { images, screenshots, uploads, ids, clock, maxBytes } = this.deps;
    if (hasExtension(filename) && formatOfFileName(filename) === null) {
      return fail('unsupported_media_type', 'Only .png, .jpg, .jpeg and .gif files are accepted');
    }
    if (bytes.byteLength === 0) return validationFailed([{ path: FIELD, message: 'Empty file' }]);
    if (bytes.byteLength > maxBytes) {
      return fail('payload_too_large', `A screenshot may be at most ${maxBytes} bytes`);
    }

    // Counted once the request is well-formed, before the costly part (the image work).
    const decision = await this.deps.rateLimiter?.consume(
      `upload:${principal.companyId}:${principal.userId}`,
    );
    if (decision && !decision.allowed) {
      return fail('rate_limited', 'Too many screenshot uploads; try again later', {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }

    const image = await images.normalize(bytes);
    if (!image.ok) return image;

    const name = uploadedScreenshotName(ids.next(), image.value.format);
    await screenshots.save(name, image.value.bytes);
    // Ownership last: a recorded name always has its file. A failed record takes the file back.
    try {
      await uploads.record({
        name,
        companyId: principal.companyId,
        userId: principal.userId,
        contentType: image.value.contentType,
        bytes: image.value.bytes.byteLength,
        createdAt: clock.now(),
      });
    } catch (error) {
      await screenshots.remove(name).catch(() => undefined);
      throw error;
    }
    const label = publicUploadDirLabel(this.deps.uploadDirLabel ?? 'uploads');
    return ok({ filename: name, path: `${label ? `${label}/` : ''}screenshots/${name}` });
  }
}
