import { expect } from 'chai';
import type { ImageProcessor } from '../../src/application/ports/image-processor.js';
import { sniffImageFormat } from '../../src/domain/screenshot.js';
import { aDecompressionBomb, aGif, aJpeg, aPng } from '../support/images.js';

/** The contract of the `ImageProcessor` port, run against every adapter. */
export function imageProcessorContract(name: string, make: () => ImageProcessor): void {
  describe(`ImageProcessor contract: ${name}`, () => {
    const kinds = [
      ['png', 'png', 'image/png', () => aPng(40, 30)],
      ['jpeg', 'jpg', 'image/jpeg', () => aJpeg(40, 30)],
      ['gif', 'gif', 'image/gif', () => aGif(40, 30)],
    ] as const;

    for (const [format, extension, contentType, image] of kinds) {
      it(`accepts a ${format} and returns a ${format} (by content), named .${extension}`, async () => {
        const result = await make().normalize(await image());
        if (!result.ok) throw new Error(result.error.message);
        expect(result.value).to.include({ format, extension, contentType });
        expect(sniffImageFormat(result.value.bytes)).to.equal(format);
      });
    }

    it('reports the size of what it returns', async () => {
      const result = await make().normalize(await aPng(40, 30));
      if (!result.ok) throw new Error(result.error.message);
      expect([result.value.width, result.value.height]).to.deep.equal([40, 30]);
    });

    const notImages: Array<[string, Uint8Array]> = [
      ['text', new TextEncoder().encode('hello, this is not an image')],
      ['an empty file', new Uint8Array()],
      ['SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['an executable', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ];
    for (const [what, bytes] of notImages) {
      it(`refuses ${what} as unsupported_media_type`, async () => {
        const result = await make().normalize(bytes);
        expect(!result.ok && result.error.code).to.equal('unsupported_media_type');
      });
    }

    it('refuses a decompression bomb as payload_too_large, quickly', async () => {
      const started = Date.now();
      const result = await make().normalize(aDecompressionBomb());
      expect(!result.ok && result.error.code).to.equal('payload_too_large');
      expect(Date.now() - started).to.be.below(1_000);
    });
  });
}
