import { validationFailed, type FieldIssue, type Result, ok } from '../../domain/errors.js';
import { isSafeFileName } from '../../domain/screenshot.js';
import { parseScreenshotData } from '../../domain/screenshot-data.js';
import type { Principal } from '../access/principal.js';
import type { ImageProcessor, ProcessedImage } from '../ports/image-processor.js';
import type { UploadRegistry } from '../ports/upload-registry.js';

/** 10 MiB: `MAX_SCREENSHOT_SIZE_MB`'s default. */
export const DEFAULT_MAX_SCREENSHOT_BYTES = 10 * 1024 * 1024;

/** Bounds the ownership look-ups one report can cause. */
export const MAX_ATTACHMENTS = 20;

/** The screenshot fields of `POST /report`, as the client sent them. */
export interface ScreenshotFields {
  /** Base64 or a `data:image/…;base64,` URL. Empty means "no screenshot". */
  readonly screenshotData?: string | null;
  /** A name `/upload-screenshot` returned to the same company. */
  readonly screenshotFilename?: string | null;
  /** Names `/upload-screenshot` returned to the same company. */
  readonly attachments?: readonly string[];
}

/** What a report may carry once the fields are checked; the image is saved after numbering. */
export interface AcceptedScreenshots {
  readonly image: ProcessedImage | null;
  readonly linkedName: string | null;
  readonly attachments: readonly string[];
}

export interface ScreenshotIntakeDeps {
  readonly images: ImageProcessor;
  readonly uploads: UploadRegistry;
  readonly maxBytes: number;
}

/**
 * Checks a report's screenshot fields without writing anything, cheapest
 * first: the base64 text and its size, then ownership of every linked name,
 * and only then the image decode. Field problems are reported together;
 * an oversized or non-image screenshot answers 413/415 on its own.
 */
export async function acceptScreenshots(
  { images, uploads, maxBytes }: ScreenshotIntakeDeps,
  principal: Principal,
  fields: ScreenshotFields,
): Promise<Result<AcceptedScreenshots>> {
  const issues: FieldIssue[] = [];
  const data = fields.screenshotData || null;
  const linkedName = fields.screenshotFilename || null;
  const attachments = fields.attachments ?? [];

  let base64: string | null = null;
  if (data !== null) {
    const parsed = parseScreenshotData(data, maxBytes);
    if (parsed.ok) base64 = parsed.value.base64;
    else if (parsed.error.code === 'validation_failed')
      issues.push(...(parsed.error.details ?? []));
    else return parsed;
  }

  if (data !== null && linkedName !== null) {
    issues.push({
      path: 'screenshot_filename',
      message: 'Send either screenshot_data or screenshot_filename, not both',
    });
  }
  if (attachments.length > MAX_ATTACHMENTS) {
    issues.push({ path: 'attachments', message: `At most ${MAX_ATTACHMENTS} attachments` });
  } else {
    const owned = async (name: string) =>
      isSafeFileName(name) && (await uploads.findOwned(principal.companyId, name)) !== null;
    const [linkedOk, ...attachmentsOk] = await Promise.all([
      linkedName === null ? true : owned(linkedName),
      ...attachments.map(owned),
    ]);
    // The same words for "another company's" and "no such file": the answer must not tell them apart.
    if (!linkedOk) issues.push({ path: 'screenshot_filename', message: 'No such uploaded file' });
    attachmentsOk.forEach((isOwned, i) => {
      if (!isOwned) issues.push({ path: `attachments.${i}`, message: 'No such uploaded file' });
    });
  }
  if (issues.length > 0) return validationFailed(issues);

  let image: ProcessedImage | null = null;
  if (base64 !== null) {
    const processed = await images.normalize(Buffer.from(base64, 'base64'));
    if (!processed.ok) return processed;
    image = processed.value;
  }
  return ok({ image, linkedName, attachments: [...attachments] });
}
