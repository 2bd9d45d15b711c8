import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarkdownFileIssueTracker } from '../../src/adapters/github/markdown-file-issue-tracker.js';
import { DeliveryError } from '../../src/application/errors/delivery-error.js';
import { aDraft } from '../contract/issue-tracker.contract.js';

describe('MarkdownFileIssueTracker on the file system', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bugport-md-outbox-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('files the same ticket twice into one file, with the same issue, never a second', async () => {
    const directory = join(root, 'data', 'github');
    const tracker = new MarkdownFileIssueTracker({ directory });
    const draft = aDraft('BUG-2026-0042');
    const first = await tracker.create(draft);
    const again = await tracker.create(draft);

    expect(again).to.deep.equal(first);
    expect(first).to.include({ number: 42, url: join(directory, 'BUG-2026-0042.md') });
    expect(await readdir(directory)).to.deep.equal(['BUG-2026-0042.md']); // no temporary left
    expect(await readFile(first.url, 'utf8')).to.equal(
      `# ${draft.title}\n\nLabels: bug, user-reported, severity:high\n\n${draft.body}\n`,
    );
  });

  it('keeps ids apart across years', async () => {
    const tracker = new MarkdownFileIssueTracker({ directory: root });
    const old = await tracker.create(aDraft('BUG-2025-0001'));
    const current = await tracker.create(aDraft('BUG-2026-0001'));

    expect(old.id).to.not.equal(current.id);
  });

  it('an outbox that cannot be a directory is a permanent DeliveryError naming it', async () => {
    const blocked = join(root, 'not-a-directory');
    await writeFile(blocked, 'a file');
    const tracker = new MarkdownFileIssueTracker({ directory: join(blocked, 'github') });
    let caught: unknown;
    try {
      await tracker.create(aDraft('BUG-2026-0001'));
    } catch (error) {
      caught = error;
    }

    expect(caught).to.be.instanceOf(DeliveryError);
    expect(caught).to.include({ kind: 'permanent' });
    expect((caught as DeliveryError).message).to.include(blocked);
  });
});
