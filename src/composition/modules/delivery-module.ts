import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { EmlFileMailer } from '../../adapters/email/eml-file-mailer.js';
import { NodemailerMailer } from '../../adapters/email/nodemailer-mailer.js';
import { DisabledIssueTracker } from '../../adapters/github/disabled-issue-tracker.js';
import { MarkdownFileIssueTracker } from '../../adapters/github/markdown-file-issue-tracker.js';
import { OctokitIssueTracker } from '../../adapters/github/octokit-issue-tracker.js';
import type { Config } from '../config.js';
import { provide } from './provide.js';

/** Where the standalone server writes e-mails when no SMTP_URL is set. */
export const MAIL_OUTBOX_DIR = join('data', 'mail');

/**
 * The real outside world: GitHub through Octokit when GITHUB_ENABLED, SMTP
 * when SMTP_URL is set, otherwise readable outboxes: `.eml` files in
 * `data/mail/`, and the issues that would have been filed as Markdown files
 * in `GITHUB_OUTBOX_DIR` (`data/github/`). The outbox is a preview: the
 * report stays `pending`, and is filed on GitHub once GitHub is enabled.
 */
export const deliveryModule = (config: Config): ContainerModule =>
  new ContainerModule((options) => {
    provide(options, 'mailer', ({ get }) =>
      config.smtpUrl
        ? new NodemailerMailer({ smtpUrl: config.smtpUrl })
        : new EmlFileMailer({ directory: MAIL_OUTBOX_DIR, logger: get('logger') }),
    );
    const { githubEnabled, githubToken, githubRepo } = config;
    if (githubEnabled && githubToken && githubRepo) {
      provide(
        options,
        'issueTracker',
        ({ get }) =>
          new OctokitIssueTracker({
            token: githubToken,
            repo: `${githubRepo.owner}/${githubRepo.name}`,
            baseUrl: config.githubApiUrl,
            logger: get('logger'),
          }),
      );
      provide(options, 'githubPreview', () => null);
    } else {
      provide(options, 'issueTracker', () => new DisabledIssueTracker());
      provide(
        options,
        'githubPreview',
        ({ get }) =>
          new MarkdownFileIssueTracker({
            directory: config.githubOutboxDir,
            logger: get('logger'),
          }),
      );
    }
  });
