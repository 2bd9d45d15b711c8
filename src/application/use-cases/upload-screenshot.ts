import { fail, ok, validationFailed, type Result } from '../../domain/errors.js';
import { formatOfFileName, uploadedScreenshotName } from '../../domain/screenshot.js';
import type { Principal } from '../principal.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';
import type { UploadRegistry } from '../ports/upload-registry.js';

export interface UploadScreenshotDeps {
  readonly images: ImageProcessor;
  readonly screenshots: ScreenshotStore;
  readonly uploads: UploadRegistry;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Largest upload accepted, in bytes (`MAX_SCREENSHOT_SIZE_MB` × 1 MiB). */
  readonly maxBytes: number;
  /** How `path` in the answer starts: the configured `UPLOAD_DIR` as the client knows it. Default `uploads`. */
  readonly uploadDirLabel?: string;
}

export interface UploadScreenshotCommand {
  readonly principal: Principal;
  /** The client's file name: its extension is checked, the name itself is never used. */
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
 * `POST /upload-screenshot`: a screenshot on its own, to be linked by a
 * report later. The name's extension must be an image's and the content must
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
    if (formatOfFileName(filename) === null) {
      return fail('unsupported_media_type', 'Only .png, .jpg, .jpeg and .gif files are accepted');
    }
    if (bytes.byteLength === 0) return validationFailed([{ path: FIELD, message: 'Empty file' }]);
    if (bytes.byteLength > maxBytes) {
      return fail('payload_too_large', `A screenshot may be at most ${maxBytes} bytes`);
    }

    const image = await images.normalize(bytes);
    if (!image.ok) return image;

    const name = uploadedScreenshotName(ids.next(), image.value.format);
    await screenshots.save(name, image.value.bytes);
    // Ownership last: a recorded name always has its file (an unrecorded file is merely unreachable).
    await uploads.record({
      name,
      companyId: principal.companyId,
      userId: principal.userId,
      contentType: image.value.contentType,
      bytes: image.value.bytes.byteLength,
      createdAt: clock.now(),
    });
    const label = (this.deps.uploadDirLabel ?? 'uploads').replace(/\/+$/, '');
    return ok({ filename: name, path: `${label}/screenshots/${name}` });
  }
}
