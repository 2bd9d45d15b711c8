/**
 * Screenshots as bugport understands them: the three formats it accepts, how
 * they are recognised, and the names it mints for them. Pure: the decoding
 * and re-encoding happen behind the `ImageProcessor` port.
 */

export const IMAGE_FORMATS = ['png', 'jpeg', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export type ImageExtension = 'png' | 'jpg' | 'gif';

/** A PNG stays `.png`, a JPEG is `.jpg`, a GIF `.gif`, whatever name the upload had. */
export const EXTENSION_OF: Readonly<Record<ImageFormat, ImageExtension>> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
};

export const CONTENT_TYPE_OF: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};

const FORMAT_OF_EXTENSION: Readonly<Record<string, ImageFormat>> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  gif: 'gif',
};

const FORMAT_OF_MEDIA_TYPE: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  // Not registered, but browsers and old libraries still send it.
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
};

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const GIF87A = [0x47, 0x49, 0x46, 0x38, 0x37, 0x61];
const GIF89A = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61];

/**
 * The format the bytes claim by their signature ("magic bytes"), or null.
 * A claim only: the image processor still has to decode it.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(bytes, GIF87A) || startsWith(bytes, GIF89A)) return 'gif';
  return null;
}

/** The format a client's file name claims by its extension (case-insensitive), or null. */
export function formatOfFileName(fileName: string): ImageFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension === undefined ? null : (FORMAT_OF_EXTENSION[extension] ?? null);
}

/** The format of a media type such as `image/png` (parameters ignored), or null. */
export function formatOfMediaType(mediaType: string): ImageFormat | null {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return FORMAT_OF_MEDIA_TYPE[essence] ?? null;
}

/** Longest name bugport mints is ~55 characters; the upload table allows 100. */
export const MAX_FILE_NAME_LENGTH = 100;

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A name that can only ever mean one file directly inside the store: no
 * separator, no `..`, no leading dot (hidden and temporary files), a short
 * ASCII alphabet so no encoding trick can turn it into something else.
 */
export const isSafeFileName = (name: string): boolean =>
  name.length <= MAX_FILE_NAME_LENGTH && SAFE_NAME.test(name) && !name.includes('..');

/** `<uuid>.png`: the name of a file uploaded on its own. Never the client's name. */
export const uploadedScreenshotName = (id: string, format: ImageFormat): string =>
  `${id}.${EXTENSION_OF[format]}`;

/** `BUG-2026-0001_<uuid>.png`: the screenshot sent with a report. */
export const reportScreenshotName = (
  ticketNumber: string,
  id: string,
  format: ImageFormat,
): string => `${ticketNumber}_${id}.${EXTENSION_OF[format]}`;
