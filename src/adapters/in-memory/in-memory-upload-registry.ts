import type { UploadRecord, UploadRegistry } from '../../application/ports/upload-registry.js';

export class InMemoryUploadRegistry implements UploadRegistry {
  readonly uploads = new Map<string, UploadRecord>();

  async record(upload: UploadRecord): Promise<void> {
    if (this.uploads.has(upload.name)) throw new Error(`upload already recorded: ${upload.name}`);
    this.uploads.set(upload.name, { ...upload });
  }

  async findOwned(companyId: number, name: string): Promise<UploadRecord | null> {
    const upload = this.uploads.get(name);
    return upload && upload.companyId === companyId ? { ...upload } : null;
  }
}
