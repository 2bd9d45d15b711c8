import { fail, ok, type Result } from '../../domain/errors.js';
import type { ScreenshotStore } from '../ports/screenshot-store.js';
import { readScreenshotFile, type ScreenshotFile } from '../services/screenshot-files.js';

/**
 * A screenshot by its stored name, with no tenant check: for links that
 * carry their own proof of access (the signed URLs put in GitHub issues).
 * The caller (the HTTP edge) must have verified that proof; this use case
 * must never be reachable without it.
 */
export class GetPublicScreenshot {
  constructor(private readonly deps: { readonly screenshots: ScreenshotStore }) {}

  async execute({ name }: { readonly name: string }): Promise<Result<ScreenshotFile>> {
    const file = await readScreenshotFile(this.deps.screenshots, name);
    return file ? ok(file) : fail('not_found', 'No such screenshot');
  }
}
