/**
 * Where screenshot bytes live (a folder, later an object store). Names are
 * plain file names minted by bugport (`<uuid>.png`, `BUG-2026-0001_<uuid>.jpg`);
 * a name with a path separator or `..` is refused with an error, so nothing
 * can escape the store. `save` is atomic: a reader sees the whole file or none.
 */
export interface ScreenshotStore {
  save(name: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there is no such file. */
  read(name: string): Promise<Uint8Array | null>;
  /** Deletes the file; a name with no file is not an error. */
  remove(name: string): Promise<void>;
}
