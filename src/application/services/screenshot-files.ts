import { CONTENT_TYPE_OF, formatOfFileName, isSafeFileName } from '../../domain/screenshot.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';

export interface ScreenshotFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/**
 * A stored screenshot by name, typed by its extension (bugport names files
 * after their decoded content), or null when there is no such file.
 */
export async function readScreenshotFile(
  screenshots: ScreenshotStore,
  name: string,
): Promise<ScreenshotFile | null> {
  const format = formatOfFileName(name);
  // A name bugport could not have minted (a legacy path, a hand-edited row) is absent, not an error.
  if (format === null || !isSafeFileName(name)) return null;
  const bytes = await screenshots.read(name);
  return bytes ? { name, bytes, contentType: CONTENT_TYPE_OF[format] } : null;
}
