import { expect } from 'chai';
import fc from 'fast-check';
import { createHmac, createSecretKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import { verifyHs256 } from '../../../src/adapters/http/auth.js';
import { loggableError, scrubMessage } from '../../../src/adapters/http/loggable-error.js';
import { InMemoryImageProcessor } from '../../../src/adapters/in-memory/in-memory-image-processor.js';
import { InMemoryRateLimiter } from '../../../src/adapters/in-memory/in-memory-rate-limiter.js';
import { InMemoryUploadRegistry } from '../../../src/adapters/in-memory/in-memory-upload-registry.js';
import { SharpImageProcessor } from '../../../src/adapters/storage/sharp-image-processor.js';
import {
  UploadScreenshot,
  publicUploadDirLabel,
} from '../../../src/application/use-cases/upload-screenshot.js';
import { DependencyUnavailableError } from '../../../src/application/errors/dependency-unavailable-error.js';
import { SubmitIssueReport } from '../../../src/application/use-cases/submit-issue-report.js';
import { aNewReport, aPrincipal } from '../../support/builders.js';
import { makeFakes } from '../../support/fakes.js';
import { aPng } from '../../support/images.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const b64url = (data: string) => Buffer.from(data).toString('base64url');
const sign = (header: unknown, payload: unknown, secret = SECRET): string => {
  const input = `${b64url(JSON.stringify(header) ?? '')}.${b64url(JSON.stringify(payload) ?? '')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

describe('verifyHs256 (synchronous sign-in, not queued behind image decoding)', () => {
  const key = createSecretKey(new TextEncoder().encode(SECRET));
  const now = Math.floor(Date.now() / 1000);

  const joseAccepts = async (token: string): Promise<boolean> => {
    try {
      await jwtVerify(token, new TextEncoder().encode(SECRET), {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        currentDate: new Date(now * 1000),
      });
      return true;
    } catch {
      return false;
    }
  };

  it('accepts exactly the tokens jose accepts, for any header and registered claims', async () => {
    const header = fc.oneof(
      fc.constant({ alg: 'HS256' }),
      fc.constant({ alg: 'HS256', typ: 'JWT' }),
      fc.constantFrom(
        { alg: 'none' },
        { alg: 'HS512' },
        { alg: 'hs256' },
        { alg: 'HS256', crit: ['exp'] },
        { alg: 'HS256', crit: [] },
        { alg: 'HS256', b64: false, crit: ['b64'] },
        {},
        [],
        null,
        'HS256',
      ),
    );
    const time = fc.oneof(
      fc.constantFrom(now - 3600, now - 1, now, now + 1, now + 3600, 0, -1, 1e308),
      fc.constantFrom('9999999999', null, true, [now + 60]),
    );
    const payload = fc.oneof(
      fc.record(
        { sub: fc.constant('7'), exp: time, nbf: time, iat: time },
        { requiredKeys: ['sub'] },
      ),
      fc.constantFrom([], 'text', 42, null),
    );
    await fc.assert(
      fc.asyncProperty(header, payload, fc.boolean(), async (h, p, rightKey) => {
        const token = sign(h, p, rightKey ? SECRET : 'another-secret-that-is-long-enough-too');
        expect(verifyHs256(token, key, now).ok, token).to.equal(await joseAccepts(token));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a tampered payload, a truncated signature and a token of the wrong shape', () => {
    const token = sign({ alg: 'HS256' }, { sub: '7', exp: now + 60 });
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64url(JSON.stringify({ sub: '8', exp: now + 60 }))}.${s}`;
    for (const bad of [forged, token.slice(0, -2), `${token}.x`, 'a.b', '']) {
      expect(verifyHs256(bad, key, now).ok, bad).to.equal(false);
    }
    expect(verifyHs256(token, key, now)).to.deep.equal({
      ok: true,
      payload: { sub: '7', exp: now + 60 },
    });
  });
});

describe('loggableError (what a failure may put in the log)', () => {
  it("keeps a database error's class, code and message, never its statement, values or detail", () => {
    const pgError = Object.assign(
      new Error('invalid input syntax for type integer: "ghp_secretvalue"'),
      {
        code: '22P02',
        detail: 'Key (email)=(ada@example.com) already exists.',
        where: 'JSON data, line 1: "ada@example.com"',
        parameters: ['ada@example.com', 'Bearer abc.def'],
      },
    );
    const sequelizeError = Object.assign(new Error(pgError.message), {
      name: 'SequelizeDatabaseError',
      sql: "INSERT INTO issue_reports VALUES ('ada@example.com')",
      parameters: ['ada@example.com'],
      parent: pgError,
      original: pgError,
    });
    const logged = loggableError(sequelizeError);
    const text = JSON.stringify(logged);
    expect(logged).to.deep.include({
      type: 'SequelizeDatabaseError',
      code: '22P02',
      message: 'invalid input syntax for type integer: "…"',
    });
    expect(logged.cause?.code).to.equal('22P02');
    for (const leaked of ['ada@example.com', 'ghp_secretvalue', 'Bearer', 'INSERT', 'Key (']) {
      expect(text, leaked).not.to.include(leaked);
    }
  });

  it('scrubs quoted values from any message, and survives what is not an Error', () => {
    expect(scrubMessage(`value "2147483648" is out of range; 'x' too`)).to.equal(
      'value "…" is out of range; "…" too',
    );
    expect(loggableError('a string thrown')).to.deep.equal({
      type: 'string',
      message: 'a string thrown',
    });
    expect(loggableError(null).type).to.equal('object');
  });
});

describe('publicUploadDirLabel (the upload directory as the log names it)', () => {
  it('tells a relative UPLOAD_DIR as configured, anything else by its last segment only', () => {
    const cases: [string, string][] = [
      ['uploads', 'uploads'],
      ['./uploads/', 'uploads'],
      ['data/uploads', 'data/uploads'],
      ['/var/lib/bugport/uploads', 'uploads'],
      ['/srv/files/', 'files'],
      ['../shared/uploads', 'uploads'],
      ['C:\\bugport\\uploads', 'uploads'],
      ['/', ''],
      ['.', ''],
    ];
    for (const [dir, label] of cases) expect(publicUploadDirLabel(dir), dir).to.equal(label);
  });
});

describe('UploadScreenshot rate limit', () => {
  const PNG = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
    Buffer.alloc(24, 1),
  ]);

  it('answers 429 past UPLOAD_RATE_LIMIT per company and user, before any image work', async () => {
    const fakes = makeFakes();
    const images = new InMemoryImageProcessor();
    let worked = 0;
    const counting = {
      normalize: (bytes: Uint8Array) => {
        worked += 1;
        return images.normalize(bytes);
      },
    };
    const upload = new UploadScreenshot({
      ...fakes,
      images: counting,
      uploads: new InMemoryUploadRegistry(),
      rateLimiter: new InMemoryRateLimiter(fakes.clock, 2),
      maxBytes: 1000,
    });
    const as = (companyId: number) => ({
      principal: aPrincipal({ companyId, userId: 501 }),
      filename: 'blob',
      bytes: PNG,
    });
    expect((await upload.execute(as(1))).ok).to.equal(true);
    expect((await upload.execute(as(1))).ok).to.equal(true);
    const refused = await upload.execute(as(1));
    expect(refused.ok ? 'ok' : refused.error.code).to.equal('rate_limited');
    expect(worked).to.equal(2);
    // User 501 of another company is another user.
    expect((await upload.execute(as(2))).ok).to.equal(true);
  });
});

describe('UploadScreenshot never leaves a file without its record', () => {
  it('removes the stored file when recording its owner fails', async () => {
    const fakes = makeFakes();
    const failing = new InMemoryUploadRegistry();
    failing.record = () => Promise.reject(new Error('value out of range for type integer'));
    const upload = new UploadScreenshot({
      ...fakes,
      images: new InMemoryImageProcessor(),
      uploads: failing,
      maxBytes: 1000,
    });
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
      Buffer.alloc(24, 1),
    ]);
    let thrown: unknown;
    try {
      await upload.execute({ principal: aPrincipal(), filename: 'shot.png', bytes: png });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).to.match(/out of range/);
    expect(fakes.screenshots.files.size).to.equal(0);
  });
});

describe('SubmitIssueReport and an inline screenshot when the write fails', () => {
  const PNG = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a', 'hex'),
    Buffer.alloc(24, 1),
  ]);
  const submitFailingWith = async (failure: Error) => {
    const fakes = makeFakes();
    fakes.reports.add = () => Promise.reject(failure);
    const submit = new SubmitIssueReport({
      ...fakes,
      screenshotSupport: {
        images: new InMemoryImageProcessor(),
        store: fakes.screenshots,
        uploads: new InMemoryUploadRegistry(),
      },
    });
    let thrown: unknown;
    try {
      await submit.execute({
        principal: aPrincipal(),
        report: aNewReport(),
        screenshotData: PNG.toString('base64'),
      });
    } catch (error) {
      thrown = error;
    }
    return { thrown, files: fakes.screenshots.files.size };
  };

  it('removes the file when the write failed for sure, and keeps it when the database went away', async () => {
    const refused = await submitFailingWith(new Error('planted failure'));
    expect([(refused.thrown as Error).message, refused.files]).to.deep.equal([
      'planted failure',
      0,
    ]);
    // The COMMIT may have gone through: a stored report must never name a missing file.
    const unknown = await submitFailingWith(new DependencyUnavailableError('gone'));
    expect([(unknown.thrown as Error).message, unknown.files]).to.deep.equal(['gone', 1]);
  });
});

describe('SharpImageProcessor concurrency', () => {
  it('works on at most maxConcurrent images at once, and on all of them in the end', async () => {
    const processor = new SharpImageProcessor({ maxConcurrent: 1 });
    const png = await aPng(400, 300);
    // Every call goes through one gate: watch it from the inside.
    let active = 0;
    let most = 0;
    const inner = (processor as unknown as { process: (b: Uint8Array) => Promise<unknown> })
      .process;
    (processor as unknown as { process: (b: Uint8Array) => Promise<unknown> }).process =
      async function (this: unknown, bytes: Uint8Array) {
        active += 1;
        most = Math.max(most, active);
        try {
          return await inner.call(this, bytes);
        } finally {
          active -= 1;
        }
      };
    const results = await Promise.all(Array.from({ length: 6 }, () => processor.normalize(png)));
    expect(results.every((result) => result.ok)).to.equal(true);
    expect(most).to.equal(1);
  });
});
