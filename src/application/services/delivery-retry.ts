import { type IssueReport } from '../../domain/issue-report.js';
import {
  isEmailSent,
  isGitHubSynced,
  markEmailFailed,
  markGitHubSyncFailed,
} from '../../domain/report-delivery.js';
import type { DeliveryError } from '../errors/delivery-error.js';
import type { Clock } from '../ports/clock.js';
import type { IssueReportRepository } from '../ports/issue-report-repository.js';
import type { JobContext, JobOutcome } from '../ports/job-queue.js';

/** How long to wait between attempts of a background delivery, and when to stop trying. */
export interface RetryPolicy {
  /** Delay after the first failed attempt; doubles with each attempt. */
  readonly firstDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** Floor under a wait the far side asked for, so that "0" never spins. */
  readonly minDelaySeconds: number;
  /** Transient failures are retried until this long after the job was first queued. */
  readonly giveUpAfterSeconds: number;
  /**
   * What to do with the far side's own "come back in N seconds": `exact`
   * follows it as is (GitHub's rate-limit resets are exact, and escalating on
   * top would leave allowed requests unused); `at-least` takes it only when
   * it is longer than our own backoff (an SMTP server's hint).
   */
  readonly serverDelay: 'exact' | 'at-least';
  /**
   * The shortest wait after an `uncertain` failure (the far side may have
   * acted): long enough for it to finish what it was doing, so that the next
   * attempt's look-up sees the result. `UNCERTAIN_DELAY_SECONDS` by default.
   */
  readonly uncertainDelaySeconds?: number;
}

/**
 * GitHub ends any request after 10 seconds; three times that, and a create
 * whose answer was lost has either happened or never will.
 */
export const UNCERTAIN_DELAY_SECONDS = 30;

/** Transient failures are retried with backoff for at least 24 hours before a delivery is given up. */
export const DEFAULT_RETRY: Omit<RetryPolicy, 'serverDelay'> = {
  firstDelaySeconds: 30,
  maxDelaySeconds: 60 * 60,
  minDelaySeconds: 1,
  giveUpAfterSeconds: 24 * 60 * 60,
};

/** Reasons end up in the database and in operator listings; keep them bounded. */
const MAX_REASON = 500;
export const boundedReason = (reason: string): string =>
  reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;

export type RetryDecision =
  | { readonly kind: 'give-up'; readonly reason: string }
  | { readonly kind: 'retry'; readonly afterSeconds: number; readonly reason: string };

/** What a failed delivery attempt leads to: a permanent failure or a spent budget ends it. */
export function decideRetry(
  policy: RetryPolicy,
  error: DeliveryError,
  { attempt, firstQueuedAt }: JobContext,
  now: Date,
): RetryDecision {
  if (error.kind === 'permanent') return { kind: 'give-up', reason: boundedReason(error.message) };
  const elapsedSeconds = (now.getTime() - firstQueuedAt.getTime()) / 1000;
  if (elapsedSeconds >= policy.giveUpAfterSeconds) {
    const hours = Math.round(elapsedSeconds / 3600);
    return {
      kind: 'give-up',
      reason: boundedReason(
        `Gave up after ${attempt} attempts over ${hours} hours: ${error.message}`,
      ),
    };
  }
  const backoff = Math.min(
    policy.firstDelaySeconds * 2 ** Math.max(0, attempt - 1),
    policy.maxDelaySeconds,
  );
  const asked = error.retryAfterSeconds;
  const afterSeconds =
    asked === undefined
      ? backoff
      : policy.serverDelay === 'exact'
        ? Math.max(asked, policy.minDelaySeconds)
        : Math.max(backoff, asked);
  const floor = error.uncertain ? (policy.uncertainDelaySeconds ?? UNCERTAIN_DELAY_SECONDS) : 0;
  return {
    kind: 'retry',
    afterSeconds: Math.max(afterSeconds, floor),
    reason: boundedReason(error.message),
  };
}

/** Per background delivery: when it has succeeded for good, and how its failure is recorded. */
const DELIVERIES = {
  github: { delivered: isGitHubSynced, markFailed: markGitHubSyncFailed },
  email: { delivered: isEmailSent, markFailed: markEmailFailed },
} as const;

export type DeliveryKind = keyof typeof DELIVERIES;

export interface DeliveryFailureDeps {
  readonly reports: IssueReportRepository;
  readonly clock: Clock;
}

/**
 * Records that a delivery failed, unless another run delivered it meanwhile:
 * a late failure never overwrites `synced` or `sent`.
 */
export async function recordDeliveryFailure(
  { reports, clock }: DeliveryFailureDeps,
  kind: DeliveryKind,
  report: IssueReport,
  reason: string,
): Promise<void> {
  const { delivered, markFailed } = DELIVERIES[kind];
  const now = clock.now();
  await reports.update(report.reporter.companyId, report.id, (current) =>
    delivered(current) ? current : markFailed(current, boundedReason(reason), now),
  );
}

/** A failed delivery attempt: retried while the policy allows, recorded as failed after. */
export async function settleDeliveryError(
  deps: DeliveryFailureDeps,
  policy: RetryPolicy,
  kind: DeliveryKind,
  report: IssueReport,
  error: DeliveryError,
  context: JobContext,
): Promise<JobOutcome> {
  const decision = decideRetry(policy, error, context, deps.clock.now());
  if (decision.kind === 'retry') return decision;
  await recordDeliveryFailure(deps, kind, report, decision.reason);
  return { kind: 'done' };
}
