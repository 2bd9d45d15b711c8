import { expect } from 'chai';
import fc from 'fast-check';
import { parseUserAgent } from '../../../src/domain/user-agent.js';

describe('user agent', () => {
  const cases: [string, string, string | null, string | null, string | null][] = [
    [
      'Chrome on macOS',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36',
      'Chrome',
      '120',
      'macOS',
    ],
    [
      'Edge on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
      'Edge',
      '120',
      'Windows',
    ],
    [
      'Firefox on Linux',
      'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
      'Firefox',
      '121',
      'Linux',
    ],
    [
      'Safari on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
      'Safari',
      '17',
      'iOS',
    ],
    [
      'Chrome on Android',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
      'Chrome',
      '120',
      'Android',
    ],
    [
      'Opera on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0',
      'Opera',
      '105',
      'Windows',
    ],
    [
      'Chrome on ChromeOS',
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Chrome',
      '120',
      'ChromeOS',
    ],
    ['something unknown', 'curl/8.4.0', null, null, null],
    ['nothing', '', null, null, null],
  ];
  for (const [what, ua, browser, version, os] of cases) {
    it(`reads ${what}`, () => {
      expect(parseUserAgent(ua)).to.deep.equal({ browser, version, os });
    });
  }

  it('never throws, and reads only the first 1,000 characters of a huge string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (ua) => {
        parseUserAgent(ua);
      }),
    );
    const started = Date.now();
    expect(parseUserAgent(`${'Version/1 '.repeat(100_000)}Chrome/1`).browser).to.equal(null);
    expect(Date.now() - started).to.be.below(500);
  });
});
