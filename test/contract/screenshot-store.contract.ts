import { expect } from 'chai';
import type { ScreenshotStore } from '../../src/application/ports/screenshot-store.js';
import { rejection } from '../support/rejection.js';

export interface ScreenshotStoreUnderTest {
  readonly store: ScreenshotStore;
  close(): Promise<void>;
}

/** Names that must never reach a file: traversal, separators, hidden files, nothing at all. */
export const UNSAFE_NAMES = [
  '../x.png',
  '../../etc/passwd',
  'a/b.png',
  'a\\b.png',
  '..',
  '.',
  '',
  '.hidden',
  '/etc/passwd',
  'x.png\0.txt',
  'x..png',
  'ｘ.png',
] as const;

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The `ScreenshotStore` contract; every adapter runs it. */
export function screenshotStoreContract(
  name: string,
  make: () => Promise<ScreenshotStoreUnderTest>,
): void {
  describe(`ScreenshotStore contract: ${name}`, () => {
    let subject: ScreenshotStoreUnderTest;
    let store: ScreenshotStore;

    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(() => subject.close());

    it('reads back exactly the bytes saved', async () => {
      const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
      await store.save('BUG-2026-0001_00000000-0000-4000-8000-000000000001.png', bytes);
      const read = await store.read('BUG-2026-0001_00000000-0000-4000-8000-000000000001.png');
      expect(read).to.deep.equal(bytes);
    });

    it('removes a saved file, and removing a name with no file is no error', async () => {
      await store.save('gone.png', bytesOf('x'));
      await store.remove('gone.png');
      expect(await store.read('gone.png')).to.equal(null);
      await store.remove('gone.png');
      expect((await rejection(store.remove('../x.png'))).message).to.match(/unsafe|escapes/);
    });

    it('answers null for a name never saved', async () => {
      expect(await store.read('nothing-here.png')).to.equal(null);
    });

    it('does not keep a reference to the caller’s buffer', async () => {
      const bytes = bytesOf('original');
      await store.save('copy.png', bytes);
      bytes.fill(0);
      expect(await store.read('copy.png')).to.deep.equal(bytesOf('original'));
    });

    for (const unsafe of UNSAFE_NAMES) {
      it(`refuses the name ${JSON.stringify(unsafe)} to save and to read`, async () => {
        await rejection(store.save(unsafe, bytesOf('x')));
        await rejection(store.read(unsafe));
      });
    }

    it('replaces the bytes when a name is saved again', async () => {
      await store.save('again.gif', bytesOf('first version, longer than the second'));
      await store.save('again.gif', bytesOf('second'));
      expect(await store.read('again.gif')).to.deep.equal(bytesOf('second'));
    });

    it('keeps concurrent saves of different names apart', async () => {
      const names = Array.from({ length: 25 }, (_, i) => `concurrent-${i}.jpg`);
      await Promise.all(names.map((n) => store.save(n, bytesOf(`content of ${n}`))));
      const read = await Promise.all(names.map((n) => store.read(n)));
      expect(read).to.deep.equal(names.map((n) => bytesOf(`content of ${n}`)));
    });

    it('ends concurrent saves of one name with one whole version, never a mix', async () => {
      const versions = Array.from({ length: 8 }, (_, i) => new Uint8Array(200_000).fill(i + 1));
      await Promise.all(versions.map((v) => store.save('contested.png', v)));
      const read = await store.read('contested.png');
      expect(
        versions.some((v) => read !== null && Buffer.from(v).equals(Buffer.from(read))),
      ).to.equal(true);
    });
  });
}
