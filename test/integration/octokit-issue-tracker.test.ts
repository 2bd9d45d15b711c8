import { expect } from 'chai';
import {
  OctokitIssueTracker,
  type OctokitIssueTrackerOptions,
} from '../../src/adapters/github/octokit-issue-tracker.js';
import { DeliveryError } from '../../src/application/errors/delivery-error.js';
import { aDraft } from '../contract/issue-tracker.contract.js';
import { GitHubStandIn, type Fault } from '../support/github-stand-in.js';

const TOKEN = 'ghp_integrationTestToken000000000000000';

async function failureOf(work: Promise<unknown>): Promise<DeliveryError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected a DeliveryError');
}

describe('OctokitIssueTracker against the GitHub stand-in', () => {
  let github: GitHubStandIn;
  const tracker = (overrides: Partial<OctokitIssueTrackerOptions> = {}) =>
    new OctokitIssueTracker({
      token: TOKEN,
      repo: 'acme/app',
      baseUrl: github.url,
      inProcessThrottling: false,
      retryBaseMs: 5,
      ...overrides,
    });

  beforeEach(async () => {
    github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
  });

  afterEach(async () => {
    await github.close();
  });

  it('files title, body and labels as given, with the token as credential', async () => {
    const draft = aDraft('BUG-2026-0001');
    const created = await tracker().create(draft);

    expect(github.issues).to.have.length(1);
    expect(github.issues[0]).to.include({
      title: draft.title,
      body: draft.body,
      number: created.number,
    });
    expect(github.issues[0]?.labels).to.deep.equal(draft.labels);
    expect(created.url).to.equal(github.issues[0]?.html_url);
    expect(github.requests[0]?.authorization).to.equal(`token ${TOKEN}`);
  });

  describe('sorts failures into transient and permanent', () => {
    const cases: {
      fault: Fault;
      kind: 'transient' | 'permanent';
      after?: number;
      title: string;
    }[] = [
      {
        title: '502 → transient',
        fault: { status: 502, message: 'Bad Gateway' },
        kind: 'transient',
      },
      {
        title: '403 with Retry-After → transient, with its seconds',
        fault: {
          status: 403,
          headers: { 'retry-after': '42' },
          message: 'You have exceeded a secondary rate limit',
        },
        kind: 'transient',
        after: 42,
      },
      {
        title: '403 with a secondary-limit message only → transient, GitHub’s advised minute',
        fault: { status: 403, message: 'You have exceeded a secondary rate limit' },
        kind: 'transient',
        after: 60,
      },
      {
        title: '429 with Retry-After → transient',
        fault: { status: 429, headers: { 'retry-after': '7' } },
        kind: 'transient',
        after: 7,
      },
      {
        title: '401 → permanent',
        fault: { status: 401, message: 'Bad credentials' },
        kind: 'permanent',
      },
      { title: '404 → permanent', fault: { status: 404, message: 'Not Found' }, kind: 'permanent' },
      {
        title: '422 → permanent',
        fault: { status: 422, message: 'Validation Failed' },
        kind: 'permanent',
      },
      {
        title: 'plain 403 (no permission) → permanent',
        fault: { status: 403, message: 'Resource not accessible by personal access token' },
        kind: 'permanent',
      },
    ];
    for (const { title, fault, kind, after } of cases) {
      it(title, async () => {
        github.fail('create', 10, fault);
        const error = await failureOf(tracker().create(aDraft('BUG-2026-0001')));

        expect(error.kind).to.equal(kind);
        if (after !== undefined) expect(error.retryAfterSeconds).to.equal(after);
        expect(error.message).to.not.include(TOKEN);
        expect(github.issues).to.have.length(0);
      });
    }
  });

  it('429 with an exhausted primary limit waits until its reset, plus a second', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    github.fail('search', 1, {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const error = await failureOf(
      tracker({ scanPages: 0 }).findByMarker(aDraft('BUG-2026-0001').marker),
    );

    expect(error.kind).to.equal('transient');
    expect(error.retryAfterSeconds).to.be.within(119, 122);
  });

  it('names the real cause of a wrong token, a wrong repository and an unreachable server, never the token', async () => {
    const badToken = await failureOf(
      tracker({ token: 'ghp_wrongTokenWrongToken000000000' }).create(aDraft('BUG-2026-0001')),
    );
    const badRepo = await failureOf(tracker({ repo: 'acme/nope' }).create(aDraft('BUG-2026-0001')));
    const closed = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
    await closed.close();
    const unreachable = await failureOf(
      tracker({ baseUrl: closed.url }).create(aDraft('BUG-2026-0001')),
    );

    expect(badToken).to.include({ kind: 'permanent' });
    expect(badToken.message).to.match(/token/i).and.not.include('ghp_wrongToken');
    expect(badRepo).to.include({ kind: 'permanent' });
    expect(badRepo.message).to.match(/repository not found/i);
    expect(unreachable).to.include({ kind: 'transient' });
    expect(unreachable.message).to.match(/could not be reached/);
  });

  it('retries a 5xx blip inside the call, then leaves the rest to the queue', async () => {
    github.fail('create', 1, { status: 503 });
    const created = await tracker({ inRequestRetries: 2 }).create(aDraft('BUG-2026-0001'));

    expect(created.number).to.equal(1);
    expect(github.count('create')).to.equal(2);
  });

  describe('a create whose answer is lost is never repeated blindly', () => {
    it('adopts the issue when GitHub created it and then the connection dropped', async () => {
      github.fail('create', 1, { afterHandling: 'destroy' });
      const draft = aDraft('BUG-2026-0001');
      const created = await tracker({ inRequestRetries: 2 }).create(draft);

      expect(github.issues).to.have.length(1);
      expect(github.count('create')).to.equal(1);
      expect(created).to.deep.equal({
        id: github.issues[0]?.id,
        number: github.issues[0]?.number,
        url: github.issues[0]?.html_url,
      });
    });

    it('adopts the issue when GitHub answered 502 after creating it, search lagging a minute', async () => {
      await github.close();
      github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app', searchLagMs: 60_000 });
      github.fail('create', 1, { afterHandling: 502 });
      const created = await tracker({ inRequestRetries: 2 }).create(aDraft('BUG-2026-0001'));

      expect(github.issues).to.have.length(1);
      expect(github.count('create')).to.equal(1);
      expect(github.count('search')).to.equal(0); // the look-up that counts is the consistent list
      expect(created.url).to.equal(github.issues[0]?.html_url);
    });

    it('after a timeout, sends no second create and leaves an uncertain failure for the queue', async () => {
      github.fail('create', 1, { delayMs: 1_000 });
      const draft = aDraft('BUG-2026-0001');
      const error = await failureOf(tracker({ timeoutMs: 200, inRequestRetries: 2 }).create(draft));

      expect(error).to.include({ kind: 'transient', uncertain: true });
      expect(github.count('create')).to.equal(1);
      expect(github.count('list')).to.equal(1);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      // GitHub finished the create after bugport gave up: the next attempt's look-up adopts it.
      expect(github.issues).to.have.length(1);
      expect(await tracker().findByMarker(draft.marker)).to.include({
        url: github.issues[0]?.html_url,
      });
    });

    it('a connection never made is a plain transient failure: nothing can have been created', async () => {
      const closed = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
      await closed.close();
      const error = await failureOf(
        tracker({ baseUrl: closed.url }).create(aDraft('BUG-2026-0001')),
      );

      expect(error).to.include({ kind: 'transient', uncertain: false });
    });

    it('a refusal (4xx) is not uncertain either', async () => {
      github.fail('create', 1, { status: 422, message: 'Validation Failed' });
      const error = await failureOf(tracker().create(aDraft('BUG-2026-0001')));

      expect(error).to.include({ kind: 'permanent', uncertain: false });
      expect(github.count('list')).to.equal(0);
    });
  });

  it('does not retry a 401 inside the call', async () => {
    await failureOf(
      tracker({ token: 'ghp_wrongTokenWrongToken000000000' }).create(aDraft('BUG-2026-0001')),
    );

    expect(github.count('create')).to.equal(1);
  });

  it('gives up on a slow answer at its timeout, as a transient failure', async () => {
    github.fail('create', 5, { delayMs: 2_000 });
    const error = await failureOf(tracker({ timeoutMs: 200 }).create(aDraft('BUG-2026-0001')));

    expect(error.kind).to.equal('transient');
  });

  it('with throttling on, does not sit out a long rate limit in the process: one request, then the queue', async () => {
    github.fail('create', 5, {
      status: 403,
      headers: { 'retry-after': '60' },
      message: 'You have exceeded a secondary rate limit',
    });
    const started = Date.now();
    const error = await failureOf(
      tracker({ inProcessThrottling: true }).create(aDraft('BUG-2026-0001')),
    );

    expect(error).to.include({ kind: 'transient', retryAfterSeconds: 60 });
    expect(github.count('create')).to.equal(1);
    expect(Date.now() - started).to.be.below(5_000);
  });
});
