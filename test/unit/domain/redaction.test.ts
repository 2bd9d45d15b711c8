import { expect } from 'chai';
import fc from 'fast-check';
import type { JsonValue } from '../../../src/domain/json.js';
import {
  isSensitiveName,
  MAX_JSON_DEPTH,
  REDACTED,
  redactJson,
  redactText,
  TOO_DEEP,
} from '../../../src/domain/redaction.js';
import { aPlantedSecret, anAdversarialText, MARKUP_FRAGMENTS } from '../../support/arbitraries.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redaction', () => {
  describe('secrets recognisable by their shape', () => {
    const examples: [string, string][] = [
      ['a JWT', JWT],
      ['a classic GitHub token', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a GitHub OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a GitHub user-to-server token', 'ghu_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a GitHub server token', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a GitHub refresh token', 'ghr_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
      ['an OpenAI key', 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789'],
      ['a Stripe secret key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
      ['a Stripe publishable key', 'pk_live_4eC39HqLyjWDarjtT1zdp7dc'],
      ['a Stripe restricted key', 'rk_live_4eC39HqLyjWDarjtT1zdp7dc'],
      ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
      ['an AWS temporary key id', 'ASIAIOSFODNN7EXAMPLE'],
      ['a Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
      ['a Google API key', 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe'],
    ];
    for (const [what, secret] of examples) {
      it(`redacts ${what} anywhere in text`, () => {
        const out = redactText(`before ${secret} after\n(${secret})`);
        expect(out).to.equal(`before ${REDACTED} after\n(${REDACTED})`);
      });
    }

    it('redacts a token right after a URL-encoded "="', () => {
      expect(redactText('next=%2Fcb%3Fv%3DAKIAIOSFODNN7EXAMPLE')).to.equal(
        `next=%2Fcb%3Fv%3D${REDACTED}`,
      );
    });

    it('redacts a private key block, and a cut one to the end of the text', () => {
      const key =
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----';
      expect(redactText(`key:\n${key}\nthanks`)).to.equal(`key:\n${REDACTED}\nthanks`);
      expect(redactText('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA')).to.equal(
        REDACTED,
      );
    });

    it('leaves ordinary words alone', () => {
      const text =
        'My desk-lamp-controller shows a skeleton; Basic usage works. Bearer of bad news.';
      expect(redactText(text)).to.equal(text);
    });
  });

  describe('authorization headers and cookies in text', () => {
    it('redacts Bearer and Basic credentials', () => {
      expect(redactText('sent Bearer abc.def-123_XYZ to the API')).to.equal(
        `sent Bearer ${REDACTED} to the API`,
      );
      expect(redactText('Basic dXNlcjpwYXNzd29yZA==')).to.equal(`Basic ${REDACTED}`);
    });

    it('redacts a whole header value, scheme and all', () => {
      expect(redactText('Authorization: Token abc def\nAccept: */*')).to.equal(
        `Authorization: ${REDACTED}\nAccept: */*`,
      );
      expect(redactText(`curl -H 'Cookie: a=1; sid=xyz' -H "X-Api-Key: k3y" x`)).to.equal(
        `curl -H 'Cookie: ${REDACTED}' -H "X-Api-Key: ${REDACTED}" x`,
      );
      expect(redactText('Set-Cookie: session=abc; Path=/; HttpOnly')).to.equal(
        `Set-Cookie: ${REDACTED}`,
      );
    });
  });

  describe('assignments in free text', () => {
    const examples: [string, string][] = [
      ['password=hunter2 next', `password=${REDACTED} next`],
      ['"password": "p@ss w0rd", "user": "ada"', `"password": "${REDACTED}", "user": "ada"`],
      ["passwd: 'x y'", `passwd: '${REDACTED}'`],
      ['db_pwd = s3cret!', `db_pwd = ${REDACTED}`],
      ['{"clientSecret":"abc","id":1}', `{"clientSecret":"${REDACTED}","id":1}`],
      ['{\\"api_key\\":\\"abc\\"}', `{\\"api_key\\":\\"${REDACTED}\\"}`],
      ['sessionId => 42abc', `sessionId => ${REDACTED}`],
      ['password: "unterminated and more', `password: "${REDACTED}`],
      ['author: Ada, title: Report', 'author: Ada, title: Report'],
    ];
    for (const [input, expected] of examples) {
      it(`${JSON.stringify(input)}`, () => expect(redactText(input)).to.equal(expected));
    }

    it('finds a sensitive pair nested in the value of a harmless one', () => {
      expect(redactText('note=password=abc')).to.equal(`note=password=${REDACTED}`);
    });
  });

  describe('URLs', () => {
    it('redacts query parameters named like credentials, in place', () => {
      const url =
        'https://x.example/cb?id=3&access_token=abc&code=42&sig=zz&X-Amz-Credential=c&state=ok#frag';
      expect(redactText(`GET ${url} failed`)).to.equal(
        `GET https://x.example/cb?id=3&access_token=${REDACTED}&code=${REDACTED}` +
          `&sig=${REDACTED}&X-Amz-Credential=${REDACTED}&state=ok#frag failed`,
      );
    });

    it('redacts parameters in a fragment and in a nested URL', () => {
      expect(redactText('/cb#access_token=abc&token_type=bearer')).to.equal(
        `/cb#access_token=${REDACTED}&token_type=${REDACTED}`,
      );
      expect(redactText('?next=/a?apikey=abc')).to.equal(`?next=/a?apikey=${REDACTED}`);
    });

    it('redacts URL-encoded and double-encoded parameters', () => {
      expect(redactText('?next=https%3A%2F%2Fx%2Fcb%3Ftoken%3Dabc%26page%3D2')).to.equal(
        `?next=https%3A%2F%2Fx%2Fcb%3Ftoken%3D${REDACTED}%26page%3D2`,
      );
      expect(redactText('r=%253Fsecret%253Dabc%2526x%253D1')).to.equal(
        `r=%253Fsecret%253D${REDACTED}%2526x%253D1`,
      );
    });

    it('redacts the password of user:password@ and keeps the rest', () => {
      expect(redactText('postgres://app:s3cr@t@db.example.com:5432/app')).to.equal(
        `postgres://app:${REDACTED}@db.example.com:5432/app`,
      );
      expect(redactText('https:\\/\\/u:p@x')).to.equal(`https:\\/\\/u:${REDACTED}@x`);
      expect(redactText('u=https%3A%2F%2Fuser%3Apass%40host')).to.equal(
        `u=https%3A%2F%2Fuser%3A${REDACTED}%40host`,
      );
      expect(redactText('see https://example.com:8080/path')).to.equal(
        'see https://example.com:8080/path',
      );
    });
  });

  describe('shapes that used to get through (OAuth tokens, URL user names, apikey, percent-encoded separators)', () => {
    const cases: [string, string, string][] = [
      [
        'a Google OAuth access token',
        'sent ya29.a0AfH6SMBx3kPqQ_abcdefghijklmnopqrstuvwxyz0123 to Drive',
        `sent ${REDACTED} to Drive`,
      ],
      [
        "a token as the URL's user name",
        'git clone https://ghx0Abcdefghijklmnopqrst@github.com/o/r.git',
        `git clone https://${REDACTED}@github.com/o/r.git`,
      ],
      [
        'a token as the user name of user:password@',
        'https://AbCdEf0123456789xyzQ:x-oauth-basic@github.com/o/r',
        `https://${REDACTED}:${REDACTED}@github.com/o/r`,
      ],
      [
        'a token as the user name of a URL-encoded URL',
        'u=https%3A%2F%2FAbCdEf0123456789xyzQ%40github.com',
        `u=https%3A%2F%2F${REDACTED}%40github.com`,
      ],
      ['apikey and a token, no separator', 'apikey Abcdefghij0123456789', `apikey ${REDACTED}`],
      ['access token and a token', 'access token abc123def456', `access token ${REDACTED}`],
      [
        'a parameter with a percent-encoded "="',
        'https://app.example.com/x?token%3Dabcdef123456&page=2',
        `https://app.example.com/x?token%3D${REDACTED}&page=2`,
      ],
    ];
    for (const [what, input, expected] of cases) {
      it(`redacts ${what}`, () => expect(redactText(input)).to.equal(expected));
    }

    it('keeps user names, hosts with ports and plain words that only look close', () => {
      for (const text of [
        'ssh://git@github.com/o/r',
        'https://admin@example.com/',
        'https://subdomain.example.com:8080/path@x',
        'token expired, password reset, api key missing',
      ]) {
        expect(redactText(text), text).to.equal(text);
      }
    });
  });

  describe('JSON', () => {
    it('replaces the value of credential-named keys wholesale, any case or style', () => {
      const input: JsonValue = {
        Authorization: 'Bearer x',
        'X-Api-Key': 'k',
        apiKey: 12345,
        API_KEY: ['a'],
        access_key: { id: 'x' },
        sessionToken: 's',
        privateKey: 'p',
        credentials: { user: 'u' },
        'set-cookie': 'a=b',
        Cookie: 'sid=1; theme=dark',
        passwordHash: 'h',
        auth: 'x',
        basicAuth: 'y',
        cookieEnabled: true,
        session: null,
        author: 'Ada',
        keyboard: 'qwerty',
        user_agent: 'Mozilla/5.0',
      };
      expect(redactJson(input)).to.deep.equal({
        Authorization: REDACTED,
        'X-Api-Key': REDACTED,
        apiKey: REDACTED,
        API_KEY: REDACTED,
        access_key: REDACTED,
        sessionToken: REDACTED,
        privateKey: REDACTED,
        credentials: REDACTED,
        'set-cookie': REDACTED,
        Cookie: REDACTED,
        passwordHash: REDACTED,
        auth: REDACTED,
        basicAuth: REDACTED,
        cookieEnabled: true,
        session: null,
        author: 'Ada',
        keyboard: 'qwerty',
        user_agent: 'Mozilla/5.0',
      });
    });

    it('redacts headers written as name/value pairs', () => {
      expect(
        redactJson([
          { name: 'Cookie', value: 'a=b' },
          { key: 'x-api-key', value: 'k' },
          ['Authorization', 'Basic abc'],
          { name: 'Accept', value: 'json' },
        ]),
      ).to.deep.equal([
        { name: 'Cookie', value: REDACTED },
        { key: 'x-api-key', value: REDACTED },
        ['Authorization', REDACTED],
        { name: 'Accept', value: 'json' },
      ]);
    });

    it('redacts strings at any depth, and keys too', () => {
      expect(redactJson({ a: [{ b: `x ${JWT}` }], [`${JWT}`]: 1 })).to.deep.equal({
        a: [{ b: `x ${REDACTED}` }],
        [REDACTED]: 1,
      });
    });

    it('keeps a "__proto__" key as data', () => {
      const parsed = JSON.parse('{"__proto__": {"password": "x"}}') as JsonValue;
      const out = redactJson(parsed);
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
      expect(JSON.stringify(out)).to.equal(`{"__proto__":{"password":"${REDACTED}"}}`);
    });

    it('cuts nesting deeper than its limit instead of overflowing the stack', () => {
      const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as JsonValue;
      const out = JSON.stringify(redactJson(deep));
      expect(out).to.equal(
        `${'['.repeat(MAX_JSON_DEPTH)}"${TOO_DEEP}"${']'.repeat(MAX_JSON_DEPTH)}`,
      );
    });
  });

  describe('what was typed into a credential field, and connection strings', () => {
    it('redacts the value typed into a field whose selector names a credential', () => {
      expect(
        redactJson([
          { type: 'input', target: 'input[type=password]', value: 'S40ECRETTYPED' },
          { type: 'input', selector: '#otp-code', value: '123456' },
          { type: 'change', field: 'apiToken', value: 'tok-abc-123' },
          { type: 'input', target: '#email', value: 'ada' },
          { type: 'click', target: 'button#export' },
        ]),
      ).to.deep.equal([
        { type: 'input', target: 'input[type=password]', value: REDACTED },
        { type: 'input', selector: '#otp-code', value: REDACTED },
        { type: 'change', field: 'apiToken', value: REDACTED },
        { type: 'input', target: '#email', value: 'ada' },
        { type: 'click', target: 'button#export' },
      ]);
    });

    it('redacts Azure-style account and shared access keys', () => {
      const azure = redactText(
        'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=S31ECRETAZURE==;',
      );
      expect(azure).to.contain(`AccountKey=${REDACTED}`).and.not.contain('S31ECRETAZURE');
      expect(redactText('it says AccountKey=S33ECRETAZURE==; in the log')).not.to.contain(
        'S33ECRETAZURE',
      );
      expect(redactText('see Endpoint=sb://x/;SharedAccessKey=S32ECRET+/abc=;')).not.to.contain(
        'S32ECRET',
      );
    });
  });

  describe('names', () => {
    it('knows credential names in any case and style, and not their look-alikes', () => {
      const sensitive = ['password', 'PASSWD', 'userPwd', 'x-auth-token', 'OAuth', 'csrfToken'];
      const harmless = ['author', 'authorId', 'compass', 'design', 'keyboard', 'passenger'];
      for (const name of sensitive) expect(isSensitiveName(name), name).to.equal(true);
      for (const name of harmless) expect(isSensitiveName(name), name).to.equal(false);
    });
  });

  it('takes linear time on pathological input', () => {
    const inputs = [
      'a'.repeat(50_000),
      'A'.repeat(50_000),
      'eyJ'.repeat(20_000),
      `password${' '.repeat(50_000)}`,
      '?a'.repeat(25_000),
      '://a:'.repeat(10_000),
      '%3Fa'.repeat(12_000),
      `Cookie: ${' '.repeat(50_000)}x`,
      '-----BEGIN PRIVATE KEY-----'.repeat(2_000),
    ];
    const started = performance.now();
    for (const input of inputs) redactText(input);
    redactJson({ ['A'.repeat(50_000)]: 'x' });
    expect(performance.now() - started).to.be.below(1_000);
  });

  describe('properties', () => {
    const aText = fc.oneof(
      fc.string(),
      anAdversarialText(),
      fc
        .array(
          fc.oneof(
            aPlantedSecret().map((p) => p.text),
            aPlantedSecret().map((p) => p.url),
            fc.constantFrom(' ', '\n', '&', '=', ':', '"', "'", '%3D', '%26', '?', '#', REDACTED),
            fc.constantFrom(...MARKUP_FRAGMENTS),
          ),
          { maxLength: 6 },
        )
        .map((parts) => parts.join('')),
    );

    it('is idempotent on text', () => {
      fc.assert(
        fc.property(aText, (text) => {
          const once = redactText(text);
          expect(redactText(once)).to.equal(once);
        }),
        { numRuns: 500 },
      );
    });

    it('never leaves a planted secret in text', () => {
      fc.assert(
        fc.property(aPlantedSecret(), fc.string(), fc.string(), (planted, before, after) => {
          for (const carrier of [planted.text, planted.url]) {
            expect(redactText(`${before} ${carrier} ${after}`)).not.to.contain(planted.secret);
          }
          expect(JSON.stringify(redactJson(planted.json))).not.to.contain(planted.secret);
        }),
        { numRuns: 300 },
      );
    });

    it('never throws on any JSON and is idempotent on it', () => {
      fc.assert(
        fc.property(fc.jsonValue() as fc.Arbitrary<JsonValue>, (value) => {
          const once = redactJson(value);
          expect(redactJson(once)).to.deep.equal(once);
        }),
        { numRuns: 300 },
      );
    });
  });
});
