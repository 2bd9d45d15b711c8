import { expect } from 'chai';
import type { UploadRecord, UploadRegistry } from '../../src/application/ports/upload-registry.js';

export interface UploadRegistryUnderTest {
  readonly registry: UploadRegistry;
  close(): Promise<void>;
}

const anUpload = (overrides: Partial<UploadRecord> = {}): UploadRecord => ({
  name: '00000000-0000-4000-8000-000000000001.png',
  companyId: 1,
  userId: 7,
  contentType: 'image/png',
  bytes: 12_345,
  createdAt: new Date('2026-03-10T09:30:00.000Z'),
  ...overrides,
});

/** The `UploadRegistry` contract; every adapter runs it. */
export function uploadRegistryContract(
  name: string,
  make: () => Promise<UploadRegistryUnderTest>,
): void {
  describe(`UploadRegistry contract: ${name}`, () => {
    let subject: UploadRegistryUnderTest;
    let registry: UploadRegistry;

    beforeEach(async () => {
      subject = await make();
      registry = subject.registry;
    });
    afterEach(() => subject.close());

    it('finds an upload for its own company, with everything recorded', async () => {
      const upload = anUpload();
      await registry.record(upload);
      expect(await registry.findOwned(1, upload.name)).to.deep.equal(upload);
    });

    it('answers another company exactly as if there were no such upload', async () => {
      await registry.record(anUpload());
      expect(await registry.findOwned(2, anUpload().name)).to.equal(null);
      expect(await registry.findOwned(2, 'never-uploaded.png')).to.equal(null);
    });

    it('answers null to names that cannot exist', async () => {
      for (const odd of ['', 'x'.repeat(500), "'; DROP TABLE screenshot_uploads; --"]) {
        expect(await registry.findOwned(1, odd)).to.equal(null);
      }
      expect(await registry.findOwned(2 ** 40, anUpload().name)).to.equal(null);
    });

    it('refuses to record a name twice, keeping the first owner', async () => {
      await registry.record(anUpload());
      let refused = false;
      await registry.record(anUpload({ companyId: 2 })).catch(() => {
        refused = true;
      });
      expect(refused).to.equal(true);
      expect((await registry.findOwned(1, anUpload().name))?.companyId).to.equal(1);
      expect(await registry.findOwned(2, anUpload().name)).to.equal(null);
    });

    it('keeps concurrent records apart', async () => {
      const uploads = Array.from({ length: 20 }, (_, i) =>
        anUpload({ name: `${i}.gif`, companyId: 1 + (i % 3), contentType: 'image/gif' }),
      );
      await Promise.all(uploads.map((u) => registry.record(u)));
      for (const u of uploads) {
        expect(await registry.findOwned(u.companyId, u.name)).to.deep.equal(u);
      }
    });
  });
}
