/** Who uploaded a screenshot through `POST /upload-screenshot`. */
export interface UploadRecord {
  /** The stored name, `<uuid>.<ext>`. */
  readonly name: string;
  readonly companyId: number;
  readonly userId: number;
  readonly contentType: string;
  /** Size of the stored (re-encoded) file. */
  readonly bytes: number;
  readonly createdAt: Date;
}

/**
 * Ownership of uploaded screenshots, so that a report can only link files
 * its own company uploaded (`screenshot_filename`, `attachments`).
 *
 * - `record` throws if the name is already recorded (names are minted from
 *   UUIDs: a clash is a bug, never a client's doing).
 * - `findOwned` is tenant-scoped: another company's upload is
 *   indistinguishable from no upload (null either way).
 * - Throws `DependencyUnavailableError` when the store cannot be reached.
 */
export interface UploadRegistry {
  record(upload: UploadRecord): Promise<void>;
  findOwned(companyId: number, name: string): Promise<UploadRecord | null>;
}
