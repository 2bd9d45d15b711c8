import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryError } from '../../application/errors/delivery-error.js';
import type {
  IssueDraft,
  IssueTracker,
  TrackedIssue,
} from '../../application/ports/issue-tracker.js';
import type { Logger } from '../../application/ports/logger.js';

/** Where the standalone server writes the issues it would file, while GitHub is disabled. */
export const DEFAULT_GITHUB_OUTBOX_DIR = 'data/github';

export interface MarkdownFileIssueTrackerOptions {
  /** Relative to the working directory, or absolute; `data/github` by default. */
  readonly directory?: string;
  readonly logger?: Logger;
}

const TICKET = /\bBUG-(\d{4})-(\d{4,})\b/;
/** Failures of the file system that waiting will not fix. */
const PERMANENT_FS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);

/**
 * The local outbox of GitHub issues: with `GITHUB_ENABLED=false`, each issue
 * bugport would file becomes `<directory>/<ticket>.md`, holding the title
 * line, the labels and the body exactly as they would be sent (already
 * formatted and redacted by the caller). The e-mail outbox in `data/mail/`
 * is its sibling.
 *
 * One file per ticket, named after the ticket in the marker: filing the same
 * report again rewrites the same file, so nothing is ever filed twice.
 * Written under a temporary name and renamed, so a reader never sees half an
 * issue. The "issue" is numbered by its ticket (`BUG-2026-0042` → #42) and
 * its URL is the file's path as configured (`data/github/BUG-2026-0042.md`).
 */
export class MarkdownFileIssueTracker implements IssueTracker {
  readonly directory: string;
  private readonly logger: Logger | undefined;

  constructor(options: MarkdownFileIssueTrackerOptions = {}) {
    this.directory = options.directory ?? DEFAULT_GITHUB_OUTBOX_DIR;
    this.logger = options.logger;
  }

  async findByMarker(marker: string): Promise<TrackedIssue | null> {
    const ticket = ticketOf(marker);
    if (!ticket) return null;
    const path = this.pathOf(ticket.name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw outboxError(error, this.directory);
    }
    return text.includes(marker) ? tracked(ticket, path) : null;
  }

  async create(draft: IssueDraft): Promise<TrackedIssue> {
    const ticket = ticketOf(draft.marker);
    if (!ticket) {
      throw new DeliveryError('The issue marker names no ticket: no outbox file name', 'permanent');
    }
    const path = this.pathOf(ticket.name);
    const temporary = join(this.directory, `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(temporary, render(draft), { flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw outboxError(error, this.directory);
    }
    this.logger?.info(
      { ticket: ticket.name, path },
      `filed ${ticket.name} to ${path} (GITHUB_ENABLED=false: the local outbox)`,
    );
    return tracked(ticket, path);
  }

  private pathOf(ticket: string): string {
    return join(this.directory, `${ticket}.md`);
  }
}

interface Ticket {
  readonly name: string;
  readonly year: number;
  readonly sequence: number;
}

function ticketOf(marker: string): Ticket | null {
  const match = TICKET.exec(marker);
  if (!match?.[1] || !match[2]) return null;
  return { name: match[0], year: Number(match[1]), sequence: Number(match[2]) };
}

/** Ids stay distinct across years (`BUG-2026-0042` → 2026_00000042); the number is the ticket's. */
const tracked = (ticket: Ticket, path: string): TrackedIssue => ({
  id: ticket.year * 100_000_000 + ticket.sequence,
  number: ticket.sequence,
  url: path,
});

/** What GitHub would show: the title, the labels, then the body untouched. */
function render(draft: IssueDraft): string {
  const labels = draft.labels.length > 0 ? draft.labels.join(', ') : '(none)';
  return `# ${draft.title}\n\nLabels: ${labels}\n\n${draft.body}\n`;
}

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

function outboxError(error: unknown, directory: string): DeliveryError {
  const code = codeOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  const kind = typeof code === 'string' && PERMANENT_FS_CODES.has(code) ? 'permanent' : 'transient';
  return new DeliveryError(
    `Could not write to the GitHub outbox ${directory}: ${reason}`,
    kind,
    undefined,
    {
      cause: error,
    },
  );
}
