import { expect } from 'chai';
import fc from 'fast-check';
import { STATUSES, createIssueReport, type IssueReport } from '../../../src/domain/issue-report.js';
import { canMove, changeStatus } from '../../../src/domain/workflow.js';
import { markGitHubSynced } from '../../../src/domain/report-delivery.js';
import {
  toDict,
  toStaffDict,
  toSummaryDict,
} from '../../../src/adapters/http/issue-report-presenter.js';
import { aNewReport, aTicketNumber, patchReport } from '../../support/builders.js';

const NOW = new Date('2026-05-01T10:00:00Z');
const reporter = { userId: 1, companyId: 2, name: 'Ada', email: 'ada@example.com' };

function aReport(): IssueReport {
  const created = createIssueReport(
    aNewReport({ localStorageData: { token: 'x' }, sessionStorageData: { a: 1 } }),
    reporter,
    { id: 'id-1', ticketNumber: aTicketNumber('BUG-2026-0001'), now: NOW },
  );
  if (!created.ok) throw new Error('fixture invalid');
  return created.value;
}

describe('IssueReport', () => {
  it('names each field that breaks a limit', () => {
    const result = createIssueReport(
      aNewReport({ title: 'x'.repeat(256), description: '', pageUrl: 'u'.repeat(501) }),
      reporter,
      { id: 'i', ticketNumber: aTicketNumber('BUG-2026-0001'), now: NOW },
    );
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    // Domain paths: the HTTP adapter gives them their wire names (`page_url`).
    expect(result.error.details?.map((d) => d.path)).to.deep.equal([
      'title',
      'description',
      'pageUrl',
    ]);
  });

  it('never moves back to new, and any other move follows the table', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const report = patchReport(aReport(), { workflow: { status: from } });
        const moved = changeStatus(report, to, NOW);
        expect(moved.ok).to.equal(canMove(from, to));
        if (to === 'new') expect(moved.ok).to.equal(false);
      }),
    );
  });

  it('records when a report is resolved and clears it when reopened', () => {
    const resolved = changeStatus(aReport(), 'resolved', NOW);
    if (!resolved.ok) throw new Error('refused');
    expect(resolved.value.workflow.resolvedAt).to.deep.equal(NOW);
    const reopened = changeStatus(resolved.value, 'in_progress', NOW);
    expect(reopened.ok && reopened.value.workflow.resolvedAt).to.equal(null);
    const closedTwice = changeStatus(resolved.value, 'closed', new Date('2026-06-01T00:00:00Z'));
    expect(closedTwice.ok && closedTwice.value.workflow.resolvedAt).to.deep.equal(NOW);
  });

  it('public views carry no debug data; the staff view has it all', () => {
    const report = markGitHubSynced(aReport(), { id: 5, number: 6, url: 'https://gh/6' }, NOW);
    const publicView = JSON.stringify(toDict(report));
    for (const key of [
      'console_errors',
      'api_history',
      'user_actions',
      'local_storage_data',
      'session_storage_data',
      'internal_notes',
    ]) {
      expect(publicView).to.not.include(key);
    }
    expect(toDict(report)).to.include({ user_name: 'Ada', github_issue_url: 'https://gh/6' });
    expect(Object.keys(toSummaryDict(report))).to.deep.equal([
      'id',
      'ticket_number',
      'category',
      'severity',
      'status',
      'title',
      'created_at',
      'github_issue_url',
    ]);
    expect(toStaffDict(report)).to.deep.include({
      local_storage_data: { token: 'x' },
      email_sent: false,
    });
  });
});
