import { expect } from 'chai';
import { InMemoryImageProcessor } from '../../../src/adapters/in-memory/in-memory-image-processor.js';
import { InMemoryUploadRegistry } from '../../../src/adapters/in-memory/in-memory-upload-registry.js';
import type { Principal } from '../../../src/application/access/principal.js';
import {
  SubmitIssueReport,
  type SubmitIssueReportCommand,
} from '../../../src/application/use-cases/submit-issue-report.js';
import { UploadScreenshot } from '../../../src/application/use-cases/upload-screenshot.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';

// A signature and 10 × 10 dimensions: all the in-memory processor looks at.
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
  Buffer.alloc(24, 1),
]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(40, 2)]);

function setup({ maxBytes = 1000, rateLimit = 10 } = {}) {
  const fakes = makeFakes({ rateLimit });
  const images = new InMemoryImageProcessor();
  const uploads = new InMemoryUploadRegistry();
  const deps = { ...fakes, images, uploads };
  const submit = new SubmitIssueReport({
    ...deps,
    screenshotSupport: { ...deps, store: deps.screenshots, maxBytes },
  });
  const upload = new UploadScreenshot({ ...deps, maxBytes });
  const send = (fields: Partial<SubmitIssueReportCommand> = {}) =>
    submit.execute({ principal: aPrincipal(), report: aNewReport(), ...fields });
  const uploaded = async (principal: Principal = aPrincipal()) => {
    const result = await upload.execute({ principal, filename: 'a.png', bytes: PNG });
    if (!result.ok) throw new Error(result.error.message);
    return result.value.filename;
  };
  return { fakes, images, uploads, send, uploaded };
}

/** The next good report gets number 0001: nothing before it used a number or a rate-limit unit. */
async function expectNothingSpent(setupResult: ReturnType<typeof setup>) {
  const next = await setupResult.send();
  expect(next.ok && next.value.ticketNumber).to.equal('BUG-2026-0001');
}

describe('SubmitIssueReport with screenshots', () => {
  it('saves screenshot_data as BUG-YYYY-NNNN_<uuid>.<ext> and links it from the report', async () => {
    const { send, fakes } = setup();
    const result = await send({
      screenshotData: `data:image/jpeg;base64,${JPEG.toString('base64')}`,
    });
    if (!result.ok) throw new Error(result.error.message);
    const stored = fakes.reports.reports.get(result.value.id);
    expect(stored?.screenshot.path).to.match(/^BUG-2026-0001_[0-9a-f-]{36}\.jpg$/);
    expect(fakes.screenshots.files.get(stored?.screenshot.path ?? '')).to.deep.equal(
      Uint8Array.from(JPEG),
    );
  });

  it('accepts plain base64 and names the file after the content, not the data URL type', async () => {
    const { send, fakes } = setup();
    const plain = await send({ screenshotData: PNG.toString('base64') });
    const mislabelled = await send({
      screenshotData: `data:image/gif;base64,${PNG.toString('base64')}`,
    });
    if (!plain.ok || !mislabelled.ok) throw new Error('expected success');
    expect(fakes.reports.reports.get(plain.value.id)?.screenshot.path).to.match(/\.png$/);
    expect(fakes.reports.reports.get(mislabelled.value.id)?.screenshot.path).to.match(
      /^BUG-2026-0002_.*\.png$/,
    );
  });

  it('treats an empty screenshot_data as no screenshot', async () => {
    const { send, fakes } = setup();
    const result = await send({ screenshotData: '' });
    if (!result.ok) throw new Error(result.error.message);
    expect(fakes.reports.reports.get(result.value.id)?.screenshot.path).to.equal(null);
  });

  const refusals = [
    {
      why: 'garbage base64',
      data: 'not*base64',
      code: 'validation_failed',
      path: 'screenshot_data',
    },
    {
      why: 'a data URL of text',
      data: 'data:text/plain;base64,aGVsbG8=',
      code: 'unsupported_media_type',
    },
    {
      why: 'base64 of text',
      data: Buffer.from('hello world').toString('base64'),
      code: 'unsupported_media_type',
    },
  ];
  for (const { why, data, code, path } of refusals) {
    it(`refuses ${why} (${code}) without using a number, a rate-limit unit or storage`, async () => {
      const subject = setup({ rateLimit: 1 });
      const result = await subject.send({ screenshotData: data });
      expect(!result.ok && result.error.code).to.equal(code);
      if (path)
        expect(!result.ok && result.error.details?.map((d) => d.path)).to.deep.equal([path]);
      expect(subject.fakes.screenshots.files.size).to.equal(0);
      await expectNothingSpent(subject);
    });
  }

  it('refuses an oversized screenshot by its base64 length, before decoding it', async () => {
    const subject = setup({ maxBytes: PNG.length - 1, rateLimit: 1 });
    const result = await subject.send({ screenshotData: PNG.toString('base64') });
    expect(!result.ok && result.error.code).to.equal('payload_too_large');
    expect(subject.images.processed).to.have.length(0);
    await expectNothingSpent(subject);
  });

  it('checks the text before the screenshot', async () => {
    const { send, images } = setup();
    const result = await send({
      report: aNewReport({ title: '' }),
      screenshotData: PNG.toString('base64'),
    });
    expect(!result.ok && result.error.details?.map((d) => d.path)).to.deep.equal(['title']);
    expect(images.processed).to.have.length(0);
  });

  it('saves nothing when the rate limit refuses the report', async () => {
    const { send, fakes } = setup({ rateLimit: 1 });
    await send();
    const refused = await send({ screenshotData: PNG.toString('base64') });
    expect(!refused.ok && refused.error.code).to.equal('rate_limited');
    expect(fakes.screenshots.files.size).to.equal(0);
  });

  it('links an uploaded screenshot and attachments of the same company', async () => {
    const { send, uploaded, fakes } = setup();
    const [shot, first, second] = [await uploaded(), await uploaded(), await uploaded()];
    const result = await send({ screenshotFilename: shot, attachments: [first, second] });
    if (!result.ok) throw new Error(result.error.message);
    expect(fakes.reports.reports.get(result.value.id)?.screenshot).to.deep.include({
      path: shot,
      attachments: [first, second],
    });
  });

  it('refuses names another company uploaded, or nobody did, naming each field', async () => {
    const subject = setup({ rateLimit: 1 });
    const foreign = await subject.uploaded(aPrincipal({ companyId: 2 }));
    const own = await subject.uploaded();
    const result = await subject.send({
      screenshotFilename: foreign,
      attachments: [own, 'made-up.png', foreign, '../../etc/passwd'],
    });
    expect(!result.ok && result.error.code).to.equal('validation_failed');
    const issues = !result.ok ? result.error.details : [];
    expect(issues?.map((d) => d.path)).to.deep.equal([
      'screenshot_filename',
      'attachments.1',
      'attachments.2',
      'attachments.3',
    ]);
    // "Another company's" and "no such file" read the same.
    expect(new Set(issues?.map((d) => d.message)).size).to.equal(1);
    await expectNothingSpent(subject);
  });

  it('checks a screenshotPath or attachments put straight into the report just the same', async () => {
    const { send, uploaded } = setup();
    const foreign = await uploaded(aPrincipal({ companyId: 2 }));
    const result = await send({
      report: aNewReport({ screenshotPath: foreign, attachments: [foreign] }),
    });
    expect(!result.ok && result.error.details?.map((d) => d.path)).to.deep.equal([
      'screenshot_filename',
      'attachments.0',
    ]);
  });

  it('refuses both screenshot_data and screenshot_filename at once, and too many attachments', async () => {
    const { send, uploaded } = setup();
    const own = await uploaded();
    const both = await send({ screenshotData: PNG.toString('base64'), screenshotFilename: own });
    expect(!both.ok && both.error.details?.map((d) => d.path)).to.deep.equal([
      'screenshot_filename',
    ]);
    const many = await send({ attachments: Array(21).fill(own) });
    expect(!many.ok && many.error.details?.map((d) => d.path)).to.deep.equal(['attachments']);
  });

  it('throws when built without screenshot support but given a screenshot', async () => {
    const submit = new SubmitIssueReport(makeFakes());
    let thrown: unknown;
    await submit
      .execute({
        principal: aPrincipal(),
        report: aNewReport(),
        screenshotData: PNG.toString('base64'),
      })
      .catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(Error);
  });
});
