import { expect } from 'chai';
import { mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryScreenshotStore } from '../../src/adapters/in-memory/in-memory-screenshot-store.js';
import { FsScreenshotStore } from '../../src/adapters/storage/fs-screenshot-store.js';
import { screenshotStoreContract } from './screenshot-store.contract.js';

screenshotStoreContract('InMemoryScreenshotStore', async () => ({
  store: new InMemoryScreenshotStore(),
  close: async () => undefined,
}));

screenshotStoreContract('FsScreenshotStore', async () => {
  const uploadDir = await mkdtemp(join(tmpdir(), 'bugport-store-'));
  return {
    store: new FsScreenshotStore(join(uploadDir, 'screenshots')),
    close: () => rm(uploadDir, { recursive: true, force: true }),
  };
});

describe('FsScreenshotStore on disk', () => {
  let uploadDir: string;
  let root: string;

  beforeEach(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'bugport-store-'));
    root = join(uploadDir, 'screenshots');
  });
  afterEach(() => rm(uploadDir, { recursive: true, force: true }));

  it('creates its directory on first save and leaves no temporary file behind', async () => {
    const store = new FsScreenshotStore(root);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.save(`f${i}.png`, new Uint8Array(1000))),
    );
    const files = (await readdir(root)).sort();
    expect(files).to.deep.equal(Array.from({ length: 10 }, (_, i) => `f${i}.png`).sort());
    expect((await stat(join(root, 'f0.png'))).size).to.equal(1000);
  });

  it('never writes outside its directory, whatever the name', async () => {
    const store = new FsScreenshotStore(root);
    await store.save('legit.png', new Uint8Array(1));
    for (const name of ['../escape.png', '..%2Fescape.png', 'sub/escape.png']) {
      await store.save(name, new Uint8Array(1)).catch(() => undefined);
    }
    expect(await readdir(uploadDir)).to.deep.equal(['screenshots']);
    expect(await readdir(root)).to.deep.equal(['legit.png']);
  });

  it('refuses to follow a symbolic link planted in the directory', async () => {
    const store = new FsScreenshotStore(root);
    await store.save('real.png', new Uint8Array([1]));
    const secret = join(uploadDir, 'secret.txt');
    await writeFile(secret, 'do not serve me');
    await symlink(secret, join(root, 'link.png'));
    let refused = false;
    await store.read('link.png').catch(() => {
      refused = true;
    });
    expect(refused).to.equal(true);
  });
});
