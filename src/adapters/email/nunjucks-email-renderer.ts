import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Category, IssueReport, Severity } from '../../domain/issue-report.js';
import type { EmailRenderer, RenderedEmail } from '../../application/ports/email-renderer.js';
import { stripBidi } from '../../domain/markdown.js';

/**
 * The templates shipped with bugport. This file sits three levels below the
 * package root both as `src/adapters/email/*.ts` (tsx) and as
 * `dist/adapters/email/*.js` (build), so one relative URL serves both.
 */
export const DEFAULT_EMAIL_TEMPLATES_DIR = fileURLToPath(
  new URL('../../../templates/emails', import.meta.url),
);

export const CONFIRMATION_TEMPLATES = {
  html: 'issue_confirmation.html',
  text: 'issue_confirmation.txt',
} as const;

export interface NunjucksEmailRendererOptions {
  /**
   * A host's own templates, searched first. A file it lacks is taken from
   * the defaults, so a host may override only the HTML, say.
   */
  readonly directory?: string;
}

/** Beyond this the subject is cut; mail clients show far less anyway. */
export const MAX_SUBJECT_TITLE = 200;

const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  bug: 'Bug',
  feature_request: 'Feature request',
  help: 'Help',
  other: 'Other',
};

const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/**
 * The title as one safe header line: every control character (CR and LF
 * above all, which would let a title inject headers), line separator and
 * bidi override becomes a space, runs of spaces collapse, and a long title
 * is cut on a code point boundary with an ellipsis.
 */
export function subjectTitle(title: string): string {
  const flat = title
    .replace(/[\p{Cc}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const codePoints = Array.from(flat);
  if (codePoints.length <= MAX_SUBJECT_TITLE) return flat;
  return `${codePoints
    .slice(0, MAX_SUBJECT_TITLE - 1)
    .join('')
    .trimEnd()}…`;
}

export const confirmationSubject = (ticketNumber: string, title: string): string =>
  `[${ticketNumber}] We received your report: ${subjectTitle(title)}`;

/**
 * Renders the confirmation e-mail with Nunjucks. HTML templates are rendered
 * with autoescape on, so everything the reporter typed arrives as text; the
 * plain-text part has no markup to escape and is rendered as is.
 */
export class NunjucksEmailRenderer implements EmailRenderer {
  private readonly html: nunjucks.Environment;
  private readonly text: nunjucks.Environment;

  constructor(options: NunjucksEmailRendererOptions = {}) {
    const searchPaths = [DEFAULT_EMAIL_TEMPLATES_DIR];
    if (options.directory !== undefined) {
      const directory = resolve(options.directory);
      // A typo in the host's path would otherwise fall back silently to the defaults.
      if (!existsSync(directory)) throw new Error(`No e-mail template directory at ${directory}`);
      searchPaths.unshift(directory);
    }
    const environment = (autoescape: boolean) =>
      new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths), {
        autoescape,
        trimBlocks: true,
        lstripBlocks: true,
      });
    this.html = environment(true);
    this.text = environment(false);
  }

  async renderConfirmation(report: IssueReport): Promise<RenderedEmail> {
    // Direction controls would let a title show itself reversed, as on GitHub.
    const title = stripBidi(report.problem.title);
    const context = {
      ticket_number: report.ticketNumber,
      title,
      category: CATEGORY_LABELS[report.problem.category],
      severity: SEVERITY_LABELS[report.problem.severity],
      category_code: report.problem.category,
      severity_code: report.problem.severity,
      reporter_name: stripBidi(report.reporter.name),
    };
    return {
      subject: confirmationSubject(report.ticketNumber, title),
      html: this.html.render(CONFIRMATION_TEMPLATES.html, context),
      text: this.text.render(CONFIRMATION_TEMPLATES.text, context),
    };
  }
}
