import { randomUUID } from 'node:crypto';
import { createIssueReport, type IssueReport } from '../../src/domain/issue-report.js';
import { formatTicketNumber } from '../../src/domain/ticket-number.js';
import { aNewReport, patchReport, type ReportPatch } from '../support/builders.js';

let serial = 0;

/** A valid report of company 1, unique id and ticket, one second newer than the last one built. */
export function aStoredReport(overrides: ReportPatch = {}): IssueReport {
  serial += 1;
  const created = createIssueReport(
    aNewReport(),
    { userId: 7, companyId: 1, name: 'Ada Lovelace', email: 'ada@example.com' },
    {
      id: randomUUID(),
      ticketNumber: formatTicketNumber({ year: 2026, sequence: serial }),
      now: new Date(Date.UTC(2026, 2, 10, 9, 0, 0) + serial * 1000),
    },
  );
  if (!created.ok) throw new Error(created.error.message);
  return patchReport(created.value, overrides);
}

/** Every optional field set, with values that test the storage types' edges. */
export const aFullReport = (): IssueReport =>
  aStoredReport({
    context: {
      browserInfo: { name: 'Firefox', version: '128.0', nested: { list: [1, 2.5, true, null] } },
    },
    debug: {
      localStorageData: { theme: 'dark', 'key with spaces': 'ü ✓ 🐛' },
      sessionStorageData: {},
    },
    screenshot: {
      path: 'BUG-2026-0001_0b6f.png',
      annotations: [{ x: 10, y: 20, text: 'here' }],
      attachments: ['a.png', 'b.gif'],
    },
    github: {
      issueId: 3_000_000_123, // beyond 32 bits, as GitHub's ids are now
      issueUrl: 'https://github.com/acme/app/issues/42',
      issueNumber: 42,
      syncStatus: 'synced',
      syncedAt: new Date('2026-03-10T09:31:00.123Z'),
    },
    workflow: {
      status: 'resolved',
      resolvedAt: new Date('2026-03-11T10:00:00Z'),
      internalNotes: 'Seen twice',
      assignedTo: 'grace',
      resolutionNotes: 'Fixed in 1.2.3',
    },
    email: { status: 'sent', sentAt: new Date('2026-03-10T09:32:00Z'), error: null },
  });
