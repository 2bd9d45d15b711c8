import { expect } from 'chai';
import Koa from 'koa';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { screenshotRoutes } from '../../src/adapters/http/screenshot-routes.js';
import {
  EXIF_MARKERS,
  aDecompressionBomb,
  aGif,
  aJpeg,
  aJpegWithExif,
  aPng,
} from '../support/images.js';
import {
  MAX_BYTES,
  UUID_NAME,
  startScreenshotApp,
  type Body,
  type ScreenshotApp,
} from '../support/screenshot-app.js';

describe('POST /api/support/upload-screenshot', () => {
  let app: ScreenshotApp;

  before(async () => {
    app = await startScreenshotApp();
  });
  after(() => app.close());

  it('accepts a PNG, a JPEG and a GIF, each stored re-encoded in its own format under a uuid', async () => {
    const inputs = [
      { name: 'shot.png', bytes: await aPng(), format: 'png', ext: 'png' },
      { name: 'photo.JPEG', bytes: await aJpeg(), format: 'jpeg', ext: 'jpg' },
      { name: 'clip.gif', bytes: await aGif(64, 48, 3), format: 'gif', ext: 'gif' },
    ];
    for (const { name, bytes, format, ext } of inputs) {
      const response = await app.upload([{ name, bytes }]);
      expect(response.status, name).to.equal(201);
      expect(response.body.success).to.equal(true);
      const filename = response.body.filename ?? '';
      expect(filename).to.match(UUID_NAME);
      expect(filename.endsWith(`.${ext}`)).to.equal(true);
      expect(response.body.path).to.equal(`uploads/screenshots/${filename}`);
      expect((await sharp(await app.stored(filename)).metadata()).format).to.equal(format);
    }
  });

  it('stores a real PNG named .jpg as .png', async () => {
    const response = await app.upload([{ name: 'lies.jpg', bytes: await aPng() }]);
    expect(response.status).to.equal(201);
    expect(response.body.filename).to.match(/\.png$/);
  });

  it('judges a name without an extension (a canvas Blob is named `blob`) by its content alone', async () => {
    const blob = await app.upload([{ name: 'blob', bytes: await aPng() }]);
    expect(blob.status).to.equal(201);
    expect(blob.body.filename).to.match(/\.png$/);
    const gif = await app.upload([{ name: 'screen capture', bytes: await aGif() }]);
    expect([gif.status, gif.body.filename?.slice(-4)]).to.deep.equal([201, '.gif']);
    const text = await app.upload([{ name: 'blob', bytes: Buffer.from('just text\n') }]);
    expect(text.status).to.equal(415);
    for (const name of ['blob.webp', 'a.', 'shot.png.txt']) {
      expect((await app.upload([{ name, bytes: await aPng() }])).status, name).to.equal(415);
    }
  });

  it('answers 415 to a text file named .png and to a PNG named .exe', async () => {
    const text = await app.upload([{ name: 'notes.png', bytes: Buffer.from('just text\n') }]);
    const exe = await app.upload([{ name: 'setup.exe', bytes: await aPng() }]);
    for (const response of [text, exe]) {
      expect(response.status).to.equal(415);
      expect(response.body).to.deep.include({ success: false });
      expect(response.body.error?.code).to.equal('unsupported_media_type');
    }
  });

  it('answers 413 to a file one byte over the limit, and 400 to an empty one', async () => {
    const png = await aPng();
    const over = Buffer.concat([png, Buffer.alloc(MAX_BYTES + 1 - png.length)]);
    const tooLarge = await app.upload([{ name: 'big.png', bytes: over }]);
    expect([tooLarge.status, tooLarge.body.error?.code]).to.deep.equal([413, 'payload_too_large']);
    const empty = await app.upload([{ name: 'empty.png', bytes: new Uint8Array() }]);
    expect(empty.status).to.equal(400);
    expect(empty.body.error?.details).to.deep.equal([
      { path: 'screenshot', message: 'Empty file' },
    ]);
  });

  it('answers 413 to a body declared far over the limit, before reading it', async () => {
    // fetch will not send a false Content-Length; a raw request can.
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const request = httpRequest(`${app.url}/api/support/upload-screenshot`, {
          method: 'POST',
          headers: {
            'x-test-company': '1',
            'content-type': 'multipart/form-data; boundary=x',
            'content-length': String(100 * MAX_BYTES),
          },
        });
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => {
            // The rest of the promised body will never come: hang up.
            request.destroy();
            resolve({ status: response.statusCode ?? 0, body: text });
          });
        });
        request.on('error', reject);
        // Only the start of the promised body is ever sent.
        request.write('--x\r\n');
      },
    );
    expect(status).to.equal(413);
    expect((JSON.parse(body) as Body).error?.code).to.equal('payload_too_large');
  });

  it('refuses a decompression bomb with 413 in under a second', async () => {
    const started = performance.now();
    const response = await app.upload([{ name: 'bomb.png', bytes: aDecompressionBomb() }]);
    expect([response.status, response.body.error?.code]).to.deep.equal([413, 'payload_too_large']);
    expect(performance.now() - started).to.be.below(1000);
  });

  it('answers 400 naming the field to a second file, a wrong field or no file at all', async () => {
    const png = await aPng();
    const second = await app.upload([
      { name: 'a.png', bytes: png },
      { name: 'b.png', bytes: png },
    ]);
    expect([second.status, second.body.error?.details?.[0]?.path]).to.deep.equal([
      400,
      'screenshot',
    ]);
    const wrongField = await app.upload([{ field: 'image', name: 'a.png', bytes: png }]);
    expect([wrongField.status, wrongField.body.error?.details?.[0]?.path]).to.deep.equal([
      400,
      'image',
    ]);
    const extraFile = await app.upload([
      { name: 'a.png', bytes: png },
      { field: 'other', name: 'b.png', bytes: png },
    ]);
    expect(extraFile.status).to.equal(400);
    // A text field next to the file is named too (docs/api.md: the file "and nothing else").
    const form = new FormData();
    form.append('screenshot', new Blob([png]), 'a.png');
    form.append('caption', 'hello');
    const extraText = await app.call('/api/support/upload-screenshot', {
      method: 'POST',
      body: form,
    });
    expect([extraText.status, extraText.body.error?.details?.[0]?.path]).to.deep.equal([
      400,
      'caption',
    ]);
    const noFile = await app.call('/api/support/upload-screenshot', {
      method: 'POST',
      body: new FormData(),
    });
    expect([noFile.status, noFile.body.error?.details?.[0]?.path]).to.deep.equal([
      400,
      'screenshot',
    ]);
  });

  it('answers a malformed multipart body with 400, never 500', async () => {
    const response = await app.call('/api/support/upload-screenshot', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="screenshot"; filename="a.png"\r\n\r\nunterminated',
    });
    expect([response.status, response.body.error?.code]).to.deep.equal([400, 'validation_failed']);
  });

  it('removes EXIF and GPS from an uploaded JPEG', async () => {
    const response = await app.upload([{ name: 'phone.jpg', bytes: await aJpegWithExif() }]);
    expect(response.status).to.equal(201);
    const bytes = await app.stored(response.body.filename ?? '');
    expect((await sharp(bytes).metadata()).exif).to.equal(undefined);
    expect(bytes.toString('latin1')).not.to.include(EXIF_MARKERS.make);
  });

  it('stores a path-traversal file name safely under a uuid name', async () => {
    const response = await app.upload([{ name: '../../etc/passwd.png', bytes: await aPng() }]);
    expect(response.status).to.equal(201);
    expect(response.body.filename).to.match(UUID_NAME);
    expect(await readdir(app.root)).to.deep.equal(['screenshots']);
    for (const name of await readdir(join(app.root, 'screenshots')))
      expect(name).to.match(UUID_NAME);
  });

  it('refuses with 401 when mounted without authentication, rather than crash', async () => {
    const bare = new Koa();
    const never = async () => {
      throw new Error('must not be called');
    };
    const routes = screenshotRoutes({
      uploadScreenshot: { execute: never },
      getScreenshot: { execute: never },
      maxScreenshotBytes: MAX_BYTES,
    });
    bare.use(routes.routes());
    const server = bare.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/report/BUG-2026-0001/screenshot`);
      expect(response.status).to.equal(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
