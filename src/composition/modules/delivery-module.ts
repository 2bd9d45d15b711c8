import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { EmlFileMailer } from '../../adapters/email/eml-file-mailer.js';
import { NodemailerMailer } from '../../adapters/email/nodemailer-mailer.js';
import { OctokitIssueTracker } from '../../adapters/github/octokit-issue-tracker.js';
import type { Config } from '../config.js';
import { rebindProvide } from './provide.js';

/** Where the standalone server writes e-mails when no SMTP_URL is set. */
export const MAIL_OUTBOX_DIR = join('data', 'mail');

/**
 * The real outside world: GitHub through Octokit when GITHUB_ENABLED, SMTP
 * when SMTP_URL is set, otherwise a readable `.eml` outbox in `data/mail/`.
 * While GitHub is disabled the sync use case never calls the tracker, so the
 * in-memory one stays bound.
 */
export const deliveryModule = (config: Config): ContainerModule =>
  new ContainerModule((options) => {
    rebindProvide(options, 'mailer', ['logger'], (logger) =>
      config.smtpUrl
        ? new NodemailerMailer({ smtpUrl: config.smtpUrl })
        : new EmlFileMailer({ directory: MAIL_OUTBOX_DIR, logger }),
    );
    const { githubEnabled, githubToken, githubRepo } = config;
    if (githubEnabled && githubToken && githubRepo) {
      rebindProvide(
        options,
        'issueTracker',
        ['logger'],
        (logger) =>
          new OctokitIssueTracker({
            token: githubToken,
            repo: `${githubRepo.owner}/${githubRepo.name}`,
            baseUrl: config.githubApiUrl,
            logger,
          }),
      );
    }
  });
