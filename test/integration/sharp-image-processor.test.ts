import { expect } from 'chai';
import sharp from 'sharp';
import { SharpImageProcessor } from '../../src/adapters/storage/sharp-image-processor.js';
import type { ProcessedImage } from '../../src/application/ports/image-processor.js';
import type { Result } from '../../src/domain/errors.js';
import {
  EXIF_MARKERS,
  aDecompressionBomb,
  aGif,
  aJpeg,
  aJpegWithExif,
  aNoisyScreenshot,
  aPng,
  aPngWithComment,
} from '../support/images.js';

const processor = new SharpImageProcessor();

const accepted = (result: Result<ProcessedImage>): ProcessedImage => {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
};
const codeOf = (result: Result<ProcessedImage>) => (result.ok ? 'accepted' : result.error.code);

describe('SharpImageProcessor', () => {
  it('accepts PNG, JPEG and GIF, each kept in its own format', async () => {
    const png = accepted(await processor.normalize(await aPng(64, 48)));
    const jpeg = accepted(await processor.normalize(await aJpeg(64, 48)));
    const gif = accepted(await processor.normalize(await aGif(64, 48)));
    expect(
      [png, jpeg, gif].map(({ format, extension, contentType, width, height }) => ({
        format,
        extension,
        contentType,
        width,
        height,
      })),
    ).to.deep.equal([
      { format: 'png', extension: 'png', contentType: 'image/png', width: 64, height: 48 },
      { format: 'jpeg', extension: 'jpg', contentType: 'image/jpeg', width: 64, height: 48 },
      { format: 'gif', extension: 'gif', contentType: 'image/gif', width: 64, height: 48 },
    ]);
    expect((await sharp(png.bytes).metadata()).format).to.equal('png');
    expect((await sharp(jpeg.bytes).metadata()).format).to.equal('jpeg');
    expect((await sharp(gif.bytes).metadata()).format).to.equal('gif');
  });

  it('judges by content: text, SVG, WebP, TIFF and damaged images are refused with 415', async () => {
    const png = await aPng();
    const inputs = {
      text: Buffer.from('just some text, named whatever.png'),
      svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      webp: await sharp(png).webp().toBuffer(),
      tiff: await sharp(png).tiff().toBuffer(),
      truncated: png.subarray(0, Math.floor(png.length / 2)),
      pngWearingAJpegSignature: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png.subarray(3)]),
      signatureOnly: Buffer.from('GIF89a'),
    };
    for (const [kind, bytes] of Object.entries(inputs)) {
      expect([kind, codeOf(await processor.normalize(bytes))]).to.deep.equal([
        kind,
        'unsupported_media_type',
      ]);
    }
  });

  it('strips EXIF and GPS from a JPEG', async () => {
    const input = await aJpegWithExif();
    const before = await sharp(input).metadata();
    expect(before.exif?.toString('latin1')).to.include(EXIF_MARKERS.make);

    const output = accepted(await processor.normalize(input)).bytes;
    const after = await sharp(output).metadata();
    expect(after.exif).to.equal(undefined);
    expect(after.xmp).to.equal(undefined);
    expect(after.iptc).to.equal(undefined);
    const text = Buffer.from(output).toString('latin1');
    expect(text).not.to.include(EXIF_MARKERS.make);
    expect(text).not.to.include(EXIF_MARKERS.owner);
  });

  it('strips PNG text chunks and ICC profiles', async () => {
    const commented = accepted(await processor.normalize(await aPngWithComment('home: 1 Main St')));
    expect((await sharp(commented.bytes).metadata()).comments).to.equal(undefined);
    expect(Buffer.from(commented.bytes).toString('latin1')).not.to.include('1 Main St');

    const withProfile = await sharp(await aJpeg())
      .withIccProfile('p3')
      .jpeg()
      .toBuffer();
    expect((await sharp(withProfile).metadata()).hasProfile).to.equal(true);
    const stripped = accepted(await processor.normalize(withProfile));
    expect((await sharp(stripped.bytes).metadata()).hasProfile).to.equal(false);
  });

  it('applies the EXIF orientation before dropping it, so the picture still looks right', async () => {
    const sideways = await sharp(await aJpeg(40, 20))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const upright = accepted(await processor.normalize(sideways));
    expect([upright.width, upright.height]).to.deep.equal([20, 40]);
  });

  it('scales an image wider than the maximum down to it, keeping the aspect', async () => {
    const wide = accepted(await processor.normalize(await aPng(3000, 1000)));
    expect([wide.width, wide.height]).to.deep.equal([2560, 853]);
    const narrow = new SharpImageProcessor({ maxWidth: 100 });
    const gif = accepted(await narrow.normalize(await aGif(300, 150, 2)));
    expect([gif.width, gif.height]).to.deep.equal([100, 50]);
    const small = accepted(await processor.normalize(await aPng(800, 600)));
    expect([small.width, small.height]).to.deep.equal([800, 600]);
  });

  it('keeps every frame of an animated GIF', async () => {
    const output = accepted(await processor.normalize(await aGif(40, 30, 3))).bytes;
    const metadata = await sharp(output, { animated: true }).metadata();
    expect([metadata.pages, metadata.pageHeight]).to.deep.equal([3, 30]);
  });

  it('counts all frames of an animation against the pixel limit', async () => {
    const limited = new SharpImageProcessor({ maxPixels: 40 * 30 * 2 });
    expect(codeOf(await limited.normalize(await aGif(40, 30, 2)))).to.equal('accepted');
    expect(codeOf(await limited.normalize(await aGif(40, 30, 3)))).to.equal('payload_too_large');
  });

  it('refuses a decompression bomb with 413 from its header, in well under a second', async () => {
    const bomb = aDecompressionBomb();
    expect(bomb.length).to.be.below(200_000);
    const started = performance.now();
    expect(codeOf(await processor.normalize(bomb))).to.equal('payload_too_large');
    expect(performance.now() - started).to.be.below(1000);
  });

  it('refuses just over the pixel limit and accepts at it', async () => {
    const limited = new SharpImageProcessor({ maxPixels: 100 * 100 });
    expect(codeOf(await limited.normalize(await aPng(100, 100)))).to.equal('accepted');
    expect(codeOf(await limited.normalize(await aPng(101, 100)))).to.equal('payload_too_large');
  });

  it('leaves the event loop free while it works', async () => {
    const screenshot = await aNoisyScreenshot();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      const started = performance.now();
      accepted(await processor.normalize(screenshot));
      const elapsed = performance.now() - started;
      // A synchronous decode would starve the timer completely.
      expect(ticks).to.be.above(Math.min(5, elapsed / 10));
    } finally {
      clearInterval(timer);
    }
  });
});
