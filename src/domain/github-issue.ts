import {
  actionsSection,
  apiSection,
  browserSection,
  consoleSection,
  CUT_TIERS,
  cutTo,
  ellipsize,
  screenshotSection,
  summary,
  textSection,
  type BodySection,
} from './github-issue-sections.js';
import type { IssueReport } from './issue-report.js';
import type { JsonObject, JsonValue } from './json.js';
import { inlineCode, singleLine, stripBidi } from './markdown.js';
import { redactText } from './redaction.js';

/**
 * A bug report as a GitHub issue (the filing format): title, labels and a
 * Markdown body in which secrets are redacted and reporter text is inert.
 * Pure: the same report always gives the same issue, byte for byte.
 */

/** GitHub's limits, in characters; UTF-16 units are counted, which never undercounts. */
export const MAX_BODY_LENGTH = 65_536;
export const MAX_TITLE_LENGTH = 256;

/** Same shape as the `IssueDraft` of the issue-tracker port; the domain cannot import it. */
export interface GitHubIssueDraft {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  /** A hidden line of `body`, unique to the ticket: how a retried filing finds its issue. */
  readonly marker: string;
}

export interface GitHubIssueOptions {
  /** Labels every issue gets (`GITHUB_LABELS`). */
  readonly labels: readonly string[];
  /** bugport's own signed link to the screenshot, when the server has a public URL. */
  readonly screenshotUrl?: string | null;
}

/**
 * The hidden marker line of a ticket's issue. Only `[A-Za-z0-9-]` of the
 * ticket number is kept, so that nothing can close the comment early.
 */
export function issueMarker(ticketNumber: string): string {
  const safe = ticketNumber.replace(/[^A-Za-z0-9-]/g, '').replace(/-{2,}/g, '-');
  return `<!-- bugport:${safe} -->`;
}

/** `[BUG-2026-0001] <title>` on one line, redacted, cut with `…` to fit 256 characters. */
export function formatIssueTitle(report: IssueReport): string {
  const prefix = `[${singleLine(report.ticketNumber)}] `;
  const title = singleLine(redactText(stripBidi(report.problem.title))).trim();
  if (prefix.length >= MAX_TITLE_LENGTH) return cutTo(prefix.trimEnd(), MAX_TITLE_LENGTH);
  return prefix + ellipsize(title, MAX_TITLE_LENGTH - prefix.length);
}

/**
 * Configured labels, then `category:<category>` and `severity:<severity>`;
 * blanks dropped, duplicates dropped ignoring case (as GitHub compares labels).
 */
export function issueLabels(report: IssueReport, configured: readonly string[]): string[] {
  const all = [
    ...configured,
    `category:${report.problem.category}`,
    `severity:${report.problem.severity}`,
  ];
  const seen = new Set<string>();
  const labels: string[] = [];
  for (const label of all.map((l) => l.trim())) {
    const key = label.toLowerCase();
    if (label === '' || seen.has(key)) continue;
    seen.add(key);
    labels.push(label);
  }
  return labels;
}

const withoutBidi = (value: JsonValue): JsonValue => {
  if (typeof value === 'string') return stripBidi(value);
  if (Array.isArray(value)) return value.map(withoutBidi);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [stripBidi(key), withoutBidi(item)]),
    );
  }
  return value;
};
const textWithoutBidi = (text: string | null): string | null =>
  text === null ? null : stripBidi(text);

/**
 * Unicode direction controls dropped from every field bound for GitHub, before anything else:
 * they reorder what a reader sees, and could hide a secret's shape from redaction.
 */
function withoutDirectionControls(report: IssueReport): IssueReport {
  const list = (entries: readonly JsonValue[]): JsonValue[] => entries.map(withoutBidi);
  const { problem, context, debug } = report;
  return {
    ...report,
    // A ticket number is `BUG-YYYY-NNNN` by construction: nothing to strip.
    problem: {
      ...problem,
      title: stripBidi(problem.title),
      description: stripBidi(problem.description),
      stepsToReproduce: textWithoutBidi(problem.stepsToReproduce),
      expectedBehavior: textWithoutBidi(problem.expectedBehavior),
      actualBehavior: textWithoutBidi(problem.actualBehavior),
    },
    context: {
      pageUrl: textWithoutBidi(context.pageUrl),
      pageTitle: textWithoutBidi(context.pageTitle),
      viewportSize: textWithoutBidi(context.viewportSize),
      screenResolution: textWithoutBidi(context.screenResolution),
      browserInfo:
        context.browserInfo === null ? null : (withoutBidi(context.browserInfo) as JsonObject),
    },
    debug: {
      ...debug,
      consoleErrors: list(debug.consoleErrors),
      apiHistory: list(debug.apiHistory),
      userActions: list(debug.userActions),
    },
  };
}

// Cut first: older debug entries and browser details, then the long texts, then the newest entries.
// Engineers read top down: the reporter's words, then what broke, then the environment.
function bodySections(report: IssueReport, screenshotUrl: string | null): BodySection[] {
  const text = (title: Parameters<typeof textSection>[0], value: string | null) =>
    value === null || value.trim() === '' ? null : textSection(title, value);
  const sections = [
    textSection('Description', report.problem.description),
    text('Steps to reproduce', report.problem.stepsToReproduce),
    text('Expected behaviour', report.problem.expectedBehavior),
    text('Actual behaviour', report.problem.actualBehavior),
    screenshotSection(report, screenshotUrl),
    consoleSection(report.debug.consoleErrors, report.createdAt),
    apiSection(report.debug.apiHistory),
    actionsSection(report.debug.userActions, report.createdAt),
    browserSection(report),
  ];
  // Storage snapshots (localStorageData, sessionStorageData) are deliberately absent: never sent.
  return sections.filter((section): section is BodySection => section !== null);
}

/**
 * The largest length to which cutting every longer section frees `over`
 * characters: the largest sections are cut first and small ones stay whole.
 */
function capFor(lengths: readonly number[], over: number): number {
  const sorted = [...lengths].sort((a, b) => b - a);
  let freed = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const length = sorted[i] ?? 0;
    const next = sorted[i + 1] ?? 0;
    const step = (i + 1) * (length - next);
    if (freed + step >= over) return length - Math.ceil((over - freed) / (i + 1));
    freed += step;
  }
  return 0;
}

const truncationNote = (cut: number): string =>
  `_Truncated: ${cut} characters did not fit; see the report in bugport._`;

function formatBody(report: IssueReport, marker: string, screenshotUrl: string | null): string {
  // The summary and the truncation note lead; neither is ever cut.
  const head = `${marker}\n\n${summary(report)}`;
  const foot = `---\n\nInternal tracking id: ${inlineCode(report.id)}`;
  const sections = bodySections(report, screenshotUrl);
  const texts = sections.map((section) => section.full);
  const assemble = (note: string | null): string =>
    [head, ...(note === null ? [] : [note]), ...texts, foot].join('\n\n');

  const full = assemble(null);
  if (full.length <= MAX_BODY_LENGTH) return full;

  // Room for the note, sized for the largest count it could show.
  const limit = MAX_BODY_LENGTH - truncationNote(full.length).length - 2;
  for (const tier of Object.values(CUT_TIERS)) {
    let members = sections.flatMap((section, index) =>
      section.cutTiers.includes(tier) ? [index] : [],
    );
    // Again while it helps: a section that cannot get below its floor leaves the rest to the others.
    for (let pass = 0; pass < 4 && members.length > 0; pass += 1) {
      const over = assemble(null).length - limit;
      if (over <= 0) break;
      const cap = capFor(
        members.map((index) => texts[index]?.length ?? 0),
        over,
      );
      const shrinking: number[] = [];
      for (const index of members) {
        const current = texts[index] ?? '';
        const shrunk = current.length > cap ? sections[index]?.shrink(cap, tier) : undefined;
        if (shrunk !== undefined && shrunk.length < current.length) texts[index] = shrunk;
        if ((texts[index] ?? '').length <= cap) shrinking.push(index);
      }
      members = members.filter((index) => shrinking.includes(index));
    }
  }
  const kept = assemble(null);
  const body = assemble(truncationNote(full.length - kept.length));
  if (body.length <= MAX_BODY_LENGTH) return body;
  // Only reachable with absurd ticket numbers or ids; the marker and both still lead.
  return cutTo([head, truncationNote(full.length), foot].join('\n\n'), MAX_BODY_LENGTH);
}

/** The issue bugport files for a report. Never throws; storage snapshots are never included. */
export function formatGitHubIssue(
  report: IssueReport,
  options: GitHubIssueOptions,
): GitHubIssueDraft {
  const marker = issueMarker(report.ticketNumber);
  const clean = withoutDirectionControls(report);
  return {
    title: formatIssueTitle(clean),
    body: formatBody(clean, marker, options.screenshotUrl ?? null),
    labels: issueLabels(report, options.labels),
    marker,
  };
}
