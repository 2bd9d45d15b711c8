import { expect } from 'chai';
import fc from 'fast-check';
import { decodedBase64Length, parseScreenshotData } from '../../../src/domain/screenshot-data.js';
import {
  formatOfFileName,
  isSafeFileName,
  reportScreenshotName,
  sniffImageFormat,
} from '../../../src/domain/screenshot.js';

const codeOf = (input: string, max = 1000) => {
  const result = parseScreenshotData(input, max);
  return result.ok ? 'ok' : result.error.code;
};

describe('screenshot_data parsing', () => {
  it('knows the decoded size of any base64, padded or not, without decoding it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, padded) => {
        const full = Buffer.from(bytes).toString('base64');
        const base64 = padded ? full : full.replace(/=+$/, '');
        expect(decodedBase64Length(base64)).to.equal(bytes.length);
      }),
    );
  });

  it('refuses over the limit by the arithmetic alone, accepts exactly at it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (size) => {
        const base64 = Buffer.alloc(size).toString('base64');
        expect(codeOf(base64, size)).to.equal('ok');
        expect(codeOf(base64, size - 1)).to.equal('payload_too_large');
      }),
    );
  });

  it('accepts plain base64, data URLs of the three image types, and wrapped lines', () => {
    const base64 = Buffer.from('any bytes at all').toString('base64');
    for (const input of [
      base64,
      `data:image/png;base64,${base64}`,
      `data:image/jpeg;base64,${base64}`,
      `DATA:IMAGE/GIF;BASE64,${base64}`,
      `data:image/png;name=shot.png;base64,${base64}`,
      `${base64.slice(0, 8)}\r\n${base64.slice(8)}\n`,
    ]) {
      expect([input, codeOf(input)]).to.deep.equal([input, 'ok']);
    }
  });

  it('answers garbage with validation_failed naming screenshot_data', () => {
    for (const input of [
      'not base64!',
      'abcde',
      'ab=c',
      'a===',
      'data:image/png,rawbytes',
      '   ',
    ]) {
      const result = parseScreenshotData(input, 1000);
      expect([input, codeOf(input)]).to.deep.equal([input, 'validation_failed']);
      expect(!result.ok && result.error.details?.map((d) => d.path)).to.deep.equal([
        'screenshot_data',
      ]);
    }
  });

  it('answers a data URL of another type with unsupported_media_type', () => {
    for (const type of [
      'text/plain',
      'image/svg+xml',
      'image/webp',
      'application/octet-stream',
      '',
    ]) {
      expect(codeOf(`data:${type};base64,aGVsbG8=`)).to.equal('unsupported_media_type');
    }
  });
});

describe('screenshot names and formats', () => {
  it('recognises the three formats by their signatures only', () => {
    expect(sniffImageFormat(Buffer.from('89504e470d0a1a0a0000', 'hex'))).to.equal('png');
    expect(sniffImageFormat(Buffer.from('ffd8ffe0', 'hex'))).to.equal('jpeg');
    expect(sniffImageFormat(Buffer.from('GIF87a'))).to.equal('gif');
    expect(sniffImageFormat(Buffer.from('GIF89a'))).to.equal('gif');
    expect(sniffImageFormat(Buffer.from('<svg'))).to.equal(null);
    expect(sniffImageFormat(new Uint8Array())).to.equal(null);
  });

  it('reads the extension of a client file name, case-insensitively', () => {
    expect(['a.PNG', 'b.jpg', 'c.JPEG', 'd.gif', 'x.tar.gif'].map(formatOfFileName)).to.deep.equal([
      'png',
      'jpeg',
      'jpeg',
      'gif',
      'gif',
    ]);
    expect(['a.exe', 'png', 'a.png.exe', 'a.png ', 'a.'].map(formatOfFileName)).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('mints names that are always safe', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 99_999 }), (id, n) => {
        const ticket = `BUG-2026-${String(n).padStart(4, '0')}`;
        expect(isSafeFileName(reportScreenshotName(ticket, id, 'jpeg'))).to.equal(true);
      }),
    );
  });
});
