import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { screenshotUrlSigner } from '../../src/adapters/http/signed-screenshot-url.js';
import { aGif, aJpegWithExif, aPng } from '../support/images.js';
import {
  SCREENSHOT_URL_SECRET,
  startScreenshotApp,
  type ScreenshotApp,
} from '../support/screenshot-app.js';

const PUBLIC_BASE_URL = 'https://support.example.com';

describe('screenshots in reports, served back', () => {
  let app: ScreenshotApp;

  before(async () => {
    app = await startScreenshotApp();
  });
  after(() => app.close());

  describe('in POST /report', () => {
    it('accepts a data URL, stores it without metadata and serves it to the same company only', async () => {
      const data = `data:image/jpeg;base64,${(await aJpegWithExif()).toString('base64')}`;
      const sent = await app.report({ screenshot_data: data });
      expect(sent.status).to.equal(201);
      const ticket = sent.body.ticket_number ?? '';

      const mine = await app.call(`/api/support/report/${ticket}/screenshot`);
      expect(mine.status).to.equal(200);
      expect(mine.headers.get('content-type')).to.equal('image/jpeg');
      expect(mine.headers.get('cache-control')).to.equal('private, max-age=0');
      expect(mine.headers.get('x-content-type-options')).to.equal('nosniff');
      expect((await sharp(mine.bytes).metadata()).exif).to.equal(undefined);
      const files = await readdir(join(app.root, 'screenshots'));
      expect(files.some((f) => f.startsWith(`${ticket}_`) && f.endsWith('.jpg'))).to.equal(true);

      const theirs = await app.call(`/api/support/report/${ticket}/screenshot`, { company: 2 });
      const none = await app.call('/api/support/report/BUG-2026-9999/screenshot');
      for (const response of [theirs, none]) {
        expect([response.status, response.body.error?.code]).to.deep.equal([404, 'not_found']);
      }
    });

    it('answers 400 on screenshot_data to garbage and 415 to a data URL of another type', async () => {
      const garbage = await app.report({ screenshot_data: 'this is %%% not base64' });
      expect([garbage.status, garbage.body.error?.details?.[0]?.path]).to.deep.equal([
        400,
        'screenshot_data',
      ]);
      const text = await app.report({ screenshot_data: 'data:text/plain;base64,aGVsbG8gd29ybGQ=' });
      expect([text.status, text.body.error?.code]).to.deep.equal([415, 'unsupported_media_type']);
      const notAnImage = await app.report({
        screenshot_data: Buffer.from('hello').toString('base64'),
      });
      expect(notAnImage.status).to.equal(415);
    });

    it('links an upload of the same company and refuses another company’s', async () => {
      const uploaded = await app.upload([{ name: 'a.png', bytes: await aPng() }], { company: 1 });
      const filename = uploaded.body.filename ?? '';
      const foreign = await app.report({ screenshot_filename: filename }, 2);
      expect([foreign.status, foreign.body.error?.details?.[0]?.path]).to.deep.equal([
        400,
        'screenshot_filename',
      ]);
      const foreignAttachment = await app.report({ attachments: [filename] }, 2);
      expect(foreignAttachment.body.error?.details?.[0]?.path).to.equal('attachments.0');

      const own = await app.report({ screenshot_filename: filename }, 1);
      expect(own.status).to.equal(201);
      const served = await app.call(`/api/support/report/${own.body.ticket_number}/screenshot`);
      expect([served.status, served.headers.get('content-type')]).to.deep.equal([200, 'image/png']);
    });
  });

  describe('signed public links', () => {
    const sign = screenshotUrlSigner(PUBLIC_BASE_URL, SCREENSHOT_URL_SECRET);
    const local = (signed: string) => signed.replace(PUBLIC_BASE_URL, '');

    it('serve the screenshot with a valid signature and answer 404 to any tampering', async () => {
      const uploaded = await app.upload([{ name: 'a.gif', bytes: await aGif() }]);
      const name = uploaded.body.filename ?? '';
      const url = sign(name);
      expect(url).to.match(
        /^https:\/\/support\.example\.com\/public\/screenshots\/.+\?sig=[0-9a-f]{64}$/,
      );

      const ok = await fetch(`${app.url}${local(url)}`);
      expect([ok.status, ok.headers.get('content-type')]).to.deep.equal([200, 'image/gif']);
      expect(ok.headers.get('x-content-type-options')).to.equal('nosniff');

      const sig = new URL(url).searchParams.get('sig') ?? '';
      const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
      const otherName = local(sign('00000000-0000-4000-8000-000000000000.gif')).split('?')[1];
      for (const path of [
        `/public/screenshots/${name}?sig=${flipped}`,
        `/public/screenshots/${name}?sig=${sig.toUpperCase()}`,
        `/public/screenshots/${name}`,
        `/public/screenshots/${name}?${otherName}`,
        local(sign('missing.png')),
        local(sign('../../etc/passwd')),
      ]) {
        const response = await fetch(`${app.url}${path}`);
        expect([path, response.status]).to.deep.equal([path, 404]);
      }
    });
  });
});
