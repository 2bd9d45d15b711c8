import { expect } from 'chai';
import { InMemoryImageProcessor } from '../../../src/adapters/in-memory/in-memory-image-processor.js';
import { InMemoryUploadRegistry } from '../../../src/adapters/in-memory/in-memory-upload-registry.js';
import { GetPublicScreenshot } from '../../../src/application/use-cases/get-public-screenshot.js';
import { GetScreenshot } from '../../../src/application/use-cases/get-screenshot.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { UploadScreenshot } from '../../../src/application/use-cases/upload-screenshot.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

// Just enough of each format for the in-memory processor: a signature and the dimensions (10 × 10).
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
  Buffer.alloc(24, 1),
]);
const GIF = Buffer.concat([
  Buffer.from('GIF89a'),
  Buffer.from('0a000a00', 'hex'),
  Buffer.alloc(30, 1),
]);

function setup(maxBytes = 1000) {
  const fakes = makeFakes();
  const images = new InMemoryImageProcessor();
  const uploads = new InMemoryUploadRegistry();
  const deps = { ...fakes, images, uploads };
  return {
    fakes,
    images,
    uploads,
    upload: new UploadScreenshot({ ...deps, maxBytes }),
    submit: new SubmitIssueReport({
      ...deps,
      screenshotSupport: { ...deps, store: deps.screenshots, maxBytes },
    }),
    get: new GetScreenshot(deps),
  };
}

describe('UploadScreenshot', () => {
  it('stores the image under a fresh uuid name and records it as the caller company’s', async () => {
    const { upload, fakes, uploads } = setup();
    const result = await upload.execute({
      principal: aPrincipal({ userId: 9, companyId: 3 }),
      filename: 'My Screenshot.PNG',
      bytes: PNG,
    });
    expect(result).to.deep.equal({
      ok: true,
      value: {
        filename: '00000000-0000-4000-8000-000000000001.png',
        path: 'uploads/screenshots/00000000-0000-4000-8000-000000000001.png',
      },
    });
    expect(fakes.screenshots.files.get('00000000-0000-4000-8000-000000000001.png')).to.deep.equal(
      Uint8Array.from(PNG),
    );
    expect(await uploads.findOwned(3, '00000000-0000-4000-8000-000000000001.png')).to.deep.include({
      companyId: 3,
      userId: 9,
      contentType: 'image/png',
      bytes: PNG.length,
      createdAt: fakes.clock.now(),
    });
  });

  it('names the stored file after its content, never after the client', async () => {
    const { upload } = setup();
    const result = await upload.execute({
      principal: aPrincipal(),
      filename: '../../etc/passwd.jpg',
      bytes: GIF,
    });
    expect(result.ok && result.value.filename).to.match(/^[0-9a-f-]{36}\.gif$/);
  });

  it('uses the configured upload directory in the path it answers', async () => {
    const fakes = makeFakes();
    const upload = new UploadScreenshot({
      ...fakes,
      images: new InMemoryImageProcessor(),
      uploads: new InMemoryUploadRegistry(),
      maxBytes: 1000,
      uploadDirLabel: 'var/bugport/',
    });
    const result = await upload.execute({ principal: aPrincipal(), filename: 'a.gif', bytes: GIF });
    expect(result.ok && result.value.path).to.match(/^var\/bugport\/screenshots\/.+\.gif$/);
  });

  it('refuses by name, by size and by content, storing nothing', async () => {
    const { upload, fakes, uploads, images } = setup(100);
    const cases = [
      { filename: 'shot.exe', bytes: PNG, code: 'unsupported_media_type' },
      // A name's extension, when it has one, must be an image's (a name without one is fine).
      { filename: 'shot.webp', bytes: PNG, code: 'unsupported_media_type' },
      { filename: 'blob', bytes: Buffer.from('plain text'), code: 'unsupported_media_type' },
      { filename: 'shot.png', bytes: new Uint8Array(), code: 'validation_failed' },
      {
        filename: 'shot.png',
        bytes: Buffer.concat([PNG, Buffer.alloc(100 - PNG.length + 1)]),
        code: 'payload_too_large',
      },
      { filename: 'shot.png', bytes: Buffer.from('plain text'), code: 'unsupported_media_type' },
    ];
    for (const { filename, bytes, code } of cases) {
      const result = await upload.execute({ principal: aPrincipal(), filename, bytes });
      expect([filename, bytes.length, !result.ok && result.error.code]).to.deep.equal([
        filename,
        bytes.length,
        code,
      ]);
    }
    const empty = await upload.execute({
      principal: aPrincipal(),
      filename: 'a.png',
      bytes: new Uint8Array(),
    });
    expect(!empty.ok && empty.error.details).to.deep.equal([
      { path: 'screenshot', message: 'Empty file' },
    ]);
    expect(fakes.screenshots.files.size).to.equal(0);
    expect(uploads.uploads.size).to.equal(0);
    // Refused by name or size before any decoding was attempted: only the two judged by content were.
    expect(images.processed).to.have.length(2);
  });

  it('accepts exactly the limit', async () => {
    const { upload } = setup(100);
    const bytes = Buffer.concat([PNG, Buffer.alloc(100 - PNG.length)]);
    expect(
      (await upload.execute({ principal: aPrincipal(), filename: 'a.png', bytes })).ok,
    ).to.equal(true);
  });
});

describe('GetScreenshot', () => {
  const base64 = `data:image/png;base64,${PNG.toString('base64')}`;

  it('serves a report’s screenshot to its company, typed by its content', async () => {
    const { submit, get } = setup();
    const sent = await submit.execute({
      principal: aPrincipal(),
      report: aNewReport(),
      screenshotData: base64,
    });
    if (!sent.ok) throw new Error(sent.error.message);
    const result = await get.execute({
      principal: aPrincipal({ userId: 99 }),
      ticketNumber: sent.value.ticketNumber,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.contentType).to.equal('image/png');
    expect(result.value.bytes).to.deep.equal(Uint8Array.from(PNG));
  });

  it('answers another company, a report without screenshot and a malformed number alike', async () => {
    const { submit, get } = setup();
    const withShot = await submit.execute({
      principal: aPrincipal(),
      report: aNewReport(),
      screenshotData: base64,
    });
    const without = await submit.execute({ principal: aPrincipal(), report: aNewReport() });
    if (!withShot.ok || !without.ok) throw new Error('seed failed');
    const answers = await Promise.all([
      get.execute({
        principal: aPrincipal({ companyId: 2 }),
        ticketNumber: withShot.value.ticketNumber,
      }),
      get.execute({ principal: aPrincipal(), ticketNumber: without.value.ticketNumber }),
      get.execute({ principal: aPrincipal(), ticketNumber: '../../etc/passwd' }),
      get.execute({ principal: aPrincipal(), ticketNumber: 'BUG-2026-0999' }),
    ]);
    expect(answers.map((a) => !a.ok && a.error.code)).to.deep.equal(Array(4).fill('not_found'));
  });

  it('treats a stored path bugport could not have minted as absent', async () => {
    const { fakes, get } = setup();
    const submit = new SubmitIssueReport(fakes);
    const sent = await submit.execute({
      principal: aPrincipal(),
      report: aNewReport({ screenshotPath: '../secrets.png' }),
    });
    if (!sent.ok) throw new Error(sent.error.message);
    const result = await get.execute({
      principal: aPrincipal(),
      ticketNumber: sent.value.ticketNumber,
    });
    expect(!result.ok && result.error.code).to.equal('not_found');
  });
});

describe('GetPublicScreenshot', () => {
  it('reads a stored screenshot by name and answers not_found for anything else', async () => {
    const { fakes } = setup();
    await fakes.screenshots.save('abc.gif', GIF);
    const get = new GetPublicScreenshot(fakes);
    const found = await get.execute({ name: 'abc.gif' });
    expect(found.ok && found.value.contentType).to.equal('image/gif');
    for (const name of ['missing.gif', '../abc.gif', 'abc.txt', '']) {
      const result = await get.execute({ name });
      expect([name, !result.ok && result.error.code]).to.deep.equal([name, 'not_found']);
    }
  });
});
