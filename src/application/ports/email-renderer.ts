import type { IssueReport } from '../../domain/issue-report.js';

/** A message ready to send, minus its envelope (`from`, `to`). */
export interface RenderedEmail {
  /** One line: no CR, LF or other control character. */
  readonly subject: string;
  /** Reporter-supplied text in it is HTML-escaped. */
  readonly html: string;
  /** The plain-text alternative, with the same facts as `html`. */
  readonly text: string;
}

/**
 * Turns a report into the reporter's confirmation e-mail. Pure formatting: no
 * I/O beyond reading templates. Throws when a template is missing or broken;
 * the caller records that as a failure an operator must fix.
 */
export interface EmailRenderer {
  renderConfirmation(report: IssueReport): Promise<RenderedEmail>;
}
