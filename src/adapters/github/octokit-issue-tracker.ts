import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { DeliveryError } from '../../application/errors/delivery-error.js';
import type {
  IssueDraft,
  IssueTracker,
  TrackedIssue,
} from '../../application/ports/issue-tracker.js';
import type { Logger } from '../../application/ports/logger.js';
import { failureEffect, toDeliveryError } from './github-delivery-error.js';

export interface OctokitIssueTrackerOptions {
  /** Never logged, never put in an error message. */
  readonly token: string;
  /** `owner/name`. */
  readonly repo: string;
  /** `GITHUB_API_URL`: https://api.github.com, GitHub Enterprise's `/api/v3`, or a test server. */
  readonly baseUrl?: string;
  readonly logger?: Logger;
  /** Octokit's per-process request spacing (throttling plugin). Tests turn it off to go fast. */
  readonly inProcessThrottling?: boolean;
  /**
   * Quick in-call retries of 5xx/network blips before the job queue takes
   * over. A create is repeated only after a 5xx answer, and only once a
   * fresh look at the recent issues found no issue with its marker.
   */
  readonly inRequestRetries?: number;
  /** Base of those retries' backoff, in milliseconds (1 s, then 4 s, …). */
  readonly retryBaseMs?: number;
  /** Per call, retries included. */
  readonly timeoutMs?: number;
  /** Recent issues scanned for the marker (pages of 100) before searching. */
  readonly scanPages?: number;
  /** For rate-limit reset arithmetic; the real clock by default. */
  readonly now?: () => number;
}

/** A rate limit asking for longer than this is left to the job queue, which does not hold a worker. */
const MAX_IN_PROCESS_WAIT_SECONDS = 5;
const REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

const GitHub = Octokit.plugin(throttling, retry);
type GitHubClient = InstanceType<typeof GitHub>;

interface IssueItem {
  /** GitHub's typings allow bigint for ids that outgrow 2^53; issue ids are far below. */
  readonly id: number | bigint;
  readonly number: number;
  readonly html_url: string;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

/**
 * Files bugport issues on GitHub through Octokit, with the throttling and
 * retry plugins kept on a short leash: the durable job queue does the long
 * waiting, honouring GitHub's Retry-After. plugin-retry never repeats a
 * create: see `create` and docs/adr/0013-lost-github-answers.md. Every failure becomes a
 * `DeliveryError` (see `toDeliveryError`). Pacing across workers is not
 * done here but per filing, before any request (`SyncReportToGitHub` with a
 * `RequestPacer`; docs/adr/0006-github-pacing.md).
 */
export class OctokitIssueTracker implements IssueTracker {
  private readonly octokit: GitHubClient;
  private readonly owner: string;
  private readonly name: string;

  constructor(private readonly options: OctokitIssueTrackerOptions) {
    const match = REPO.exec(options.repo);
    if (!match?.[1] || !match[2]) throw new Error(`GITHUB_REPO must look like owner/name`);
    this.owner = match[1];
    this.name = match[2];
    const logger = options.logger;
    const giveUpSoon = (
      retryAfter: number,
      _options: unknown,
      _octokit: unknown,
      retryCount: number,
    ) => retryCount < 1 && retryAfter <= MAX_IN_PROCESS_WAIT_SECONDS;
    this.octokit = new GitHub({
      auth: options.token,
      baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      userAgent: 'bugport',
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => logger?.warn({ component: 'octokit' }, message),
        error: (message: string) => logger?.error({ component: 'octokit' }, message),
      },
      throttle: {
        enabled: options.inProcessThrottling ?? true,
        onRateLimit: giveUpSoon,
        onSecondaryRateLimit: giveUpSoon,
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
      },
      retry: {
        retries: options.inRequestRetries ?? 2,
        retryAfterBaseValue: options.retryBaseMs ?? 1000,
        // 429 too: rate limits go back to the queue, which honours Retry-After.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
    });
  }

  async findByMarker(marker: string): Promise<TrackedIssue | null> {
    try {
      return (await this.scanRecent(marker)) ?? (await this.search(marker));
    } catch (error) {
      throw this.failure('look for an existing issue', error);
    }
  }

  /**
   * Never repeats a create blindly. When a create fails in a way that may
   * have created the issue anyway (no answer, a timeout, a 5xx), the recent
   * issues are listed (consistent at once, unlike search) and an issue with
   * the marker is returned as the result. Only after a 5xx answer, and only
   * when that look found nothing, is the create sent again within the call.
   * Otherwise the failure is thrown as `uncertain`: the next attempt looks
   * for the marker first, and not before GitHub had time to finish.
   */
  async create(draft: IssueDraft): Promise<TrackedIssue> {
    const retries = this.options.inRequestRetries ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      let lost: unknown;
      try {
        return await this.post(draft);
      } catch (error) {
        lost = error;
      }
      const failure = this.failure('create the issue', lost);
      const effect = failureEffect(lost);
      if (effect === 'refused' || effect === 'not-sent') throw failure;
      const againHere = effect === 'server-error' && attempt < retries;
      if (againHere) await sleep((this.options.retryBaseMs ?? 1000) * (attempt + 1) ** 2);
      let found: TrackedIssue | null;
      try {
        found = await this.scanRecent(draft.marker);
      } catch {
        throw uncertain(failure, 'it could not be looked for since');
      }
      if (found) {
        this.options.logger?.warn(
          { component: 'github', issue: found.number },
          `GitHub's answer to a create was lost (${effect}); found the issue by its marker`,
        );
        return found;
      }
      if (!againHere) throw uncertain(failure, 'it was not among the recent issues yet');
    }
  }

  private async post(draft: IssueDraft): Promise<TrackedIssue> {
    const { data } = await this.octokit.rest.issues.create({
      owner: this.owner,
      repo: this.name,
      title: draft.title,
      body: draft.body,
      labels: [...draft.labels],
      // plugin-retry would repeat a create whose answer was lost: `create` decides instead.
      request: { ...this.requestOptions(), retries: 0 },
    });
    return { id: data.id, number: data.number, url: data.html_url };
  }

  /** Strongly consistent, unlike search: finds an issue created seconds ago by an interrupted attempt. */
  private async scanRecent(marker: string): Promise<TrackedIssue | null> {
    for (let page = 1; page <= (this.options.scanPages ?? 2); page += 1) {
      const { data } = await this.octokit.rest.issues.listForRepo({
        owner: this.owner,
        repo: this.name,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
        page,
        request: this.requestOptions(),
      });
      const found = pick(data, marker);
      if (found || data.length < 100) return found;
    }
    return null;
  }

  /** Covers older issues; the index lags a little behind creation. */
  private async search(marker: string): Promise<TrackedIssue | null> {
    const needle = marker.replace(/^<!--\s*|\s*-->$/g, '');
    const term = needle.slice(needle.indexOf(':') + 1).replace(/"/g, '');
    const { data } = await this.octokit.request('GET /search/issues', {
      q: `repo:${this.owner}/${this.name} is:issue "${term}"`,
      per_page: 20,
      request: this.requestOptions(),
    });
    return pick(data.items, marker);
  }

  private requestOptions(): { signal: AbortSignal } {
    return { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) };
  }

  private failure(action: string, error: unknown): DeliveryError {
    const nowMs = (this.options.now ?? Date.now)();
    return toDeliveryError(action, error, { secret: this.options.token, nowMs });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failed create that GitHub may have carried out all the same. */
function uncertain(failure: DeliveryError, why: string): DeliveryError {
  return new DeliveryError(
    `${failure.message} (GitHub may have created it; ${why}, so the next attempt looks first)`,
    'transient',
    failure.retryAfterSeconds,
    { cause: failure.cause, uncertain: true },
  );
}

function pick(items: readonly IssueItem[], marker: string): TrackedIssue | null {
  const found = items.find((item) => !item.pull_request && (item.body ?? '').includes(marker));
  return found ? { id: Number(found.id), number: found.number, url: found.html_url } : null;
}
