import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { EmlFileMailer } from '../../adapters/email/eml-file-mailer.js';
import { NodemailerMailer } from '../../adapters/email/nodemailer-mailer.js';
import { MarkdownFileIssueTracker } from '../../adapters/github/markdown-file-issue-tracker.js';
import { OctokitIssueTracker } from '../../adapters/github/octokit-issue-tracker.js';
import { SyncReportToGitHub } from '../../application/use-cases/sync-report-to-github.js';
import type { Config } from '../config.js';
import { publicScreenshotUrl } from './core-module.js';
import { rebindProvide } from './provide.js';

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
    } else {
      rebindProvide(
        options,
        'syncReportToGitHub',
        ['reports', 'issueTracker', 'clock', 'logger'],
        (reports, tracker, clock, logger) =>
          new SyncReportToGitHub({
            reports,
            tracker,
            clock,
            logger,
            github: { enabled: false, labels: config.githubLabels },
            publicScreenshotUrl: publicScreenshotUrl(config),
            preview: new MarkdownFileIssueTracker({ directory: config.githubOutboxDir, logger }),
          }),
      );
    }
  });
