import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ScreenshotStore } from '../../application/ports/screenshot-store.js';
import { isSafeFileName } from '../../domain/screenshot.js';

const isMissing = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'ENOENT';

/**
 * Screenshots as files directly inside one directory (`<UPLOAD_DIR>/screenshots`).
 *
 * Two independent guards keep every access inside that directory: the name
 * must be a safe plain file name (no separator, no `..`, no leading dot), and
 * the resolved path must still sit directly under the root. Reads refuse to
 * follow a symbolic link planted in the directory.
 *
 * A save writes `.<name>.<random>.tmp` in the same directory, flushes it and
 * renames it over the name: rename within one file system is atomic, so a
 * reader sees the old file, the whole new one, or nothing. Temporary names
 * start with a dot, which no valid name does, so they are never served.
 * Saving an existing name replaces it.
 */
export class FsScreenshotStore implements ScreenshotStore {
  private readonly root: string;

  /** @param directory the screenshots directory itself; created on first save. */
  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async save(name: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(name);
    // Cheap when it exists; recreates the directory if an operator removed it.
    await mkdir(this.root, { recursive: true });
    const temporary = join(this.root, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temporary, 'wx', 0o640);
      try {
        await file.writeFile(bytes);
        // Durable before visible: the report that names this file may be committed next.
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(name: string): Promise<Uint8Array | null> {
    const path = this.pathOf(name);
    try {
      const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        return new Uint8Array(await file.readFile());
      } finally {
        await file.close();
      }
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  private pathOf(name: string): string {
    if (!isSafeFileName(name)) throw new Error(`unsafe screenshot name: ${JSON.stringify(name)}`);
    const path = resolve(this.root, name);
    // Belt and braces: whatever the name check misses, the path must be a direct child of the root.
    if (dirname(path) !== this.root || basename(path) !== name) {
      throw new Error(`screenshot name escapes the store: ${JSON.stringify(name)}`);
    }
    return path;
  }
}
