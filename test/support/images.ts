import { crc32, deflateSync } from 'node:zlib';
import sharp, { type SharpOptions } from 'sharp';

/*
 * Test images, generated with sharp (or by hand where sharp would refuse to
 * write them), so that no binary fixture lives in the repository.
 */

const canvas = (width: number, height: number, background = '#3a7bd5') =>
  sharp({ create: { width, height, channels: 3, background } });

export const aPng = (width = 64, height = 48): Promise<Buffer> =>
  canvas(width, height).png().toBuffer();

export const aJpeg = (width = 64, height = 48): Promise<Buffer> =>
  canvas(width, height).jpeg().toBuffer();

/** A GIF; with `frames > 1`, an animation whose frames differ in colour. */
export async function aGif(width = 64, height = 48, frames = 1): Promise<Buffer> {
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({
        create: { width, height, channels: 3, background: { r: (i * 70) % 256, g: 90, b: 160 } },
      })
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(pages), {
    raw: { width, height: height * frames, channels: 3, pageHeight: height },
  } as SharpOptions)
    .gif({ loop: 0, delay: pages.map(() => 100) })
    .toBuffer();
}

/** What `aJpegWithExif` hides in its EXIF: a camera, an owner and a GPS position. */
export const EXIF_MARKERS = { make: 'ACME-SPYCAM', owner: 'Jane Q. Private' } as const;

/** A JPEG carrying camera details and a GPS position (Paris), as a phone would write them. */
export const aJpegWithExif = (width = 64, height = 48): Promise<Buffer> =>
  canvas(width, height)
    .withExif({
      IFD0: { Make: EXIF_MARKERS.make, Model: 'X1', Copyright: EXIF_MARKERS.owner },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2964/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4010/100',
      },
    })
    .jpeg()
    .toBuffer();

const chunk = (type: string, data: Buffer): Buffer => {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with a `tEXt` comment chunk right after its header. */
export async function aPngWithComment(comment: string): Promise<Buffer> {
  const png = await aPng();
  const afterHeader = 8 + 25; // signature, then IHDR (4 length + 4 type + 13 data + 4 crc)
  const text = chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1'));
  return Buffer.concat([png.subarray(0, afterHeader), text, png.subarray(afterHeader)]);
}

let bomb: Buffer | undefined;

/**
 * A decompression bomb: a valid 30000 × 30000 PNG (900 megapixels, one bit
 * per pixel, all black) that is about 110 KB on disk. Written by hand:
 * sharp itself would refuse to allocate it.
 */
export function aDecompressionBomb(side = 30_000): Buffer {
  if (bomb && side === 30_000) return bomb;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rowBytes = 1 + Math.ceil(side / 8); // filter byte + packed pixels
  const pixels = deflateSync(Buffer.alloc(rowBytes * side), { level: 9 });
  const png = Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  if (side === 30_000) bomb = png;
  return png;
}

/**
 * A 2560 × 1440 screenshot-like PNG of about 1.5 MB: a flat page with a band
 * of noise (photos, gradients) that does not compress. For the benchmark.
 */
export function aNoisyScreenshot(width = 2560, height = 1440): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3, 240);
  const band = Math.floor(width * 0.14);
  let seed = 42;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < band; x += 1) {
      // A fixed-seed generator: the same image, and the same size, on every run.
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      raw.fill((seed >>> 16) & 0xff, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
