import type { Principal } from '../../src/application/access/principal.js';
import type { IssueReport, NewIssueReport } from '../../src/domain/issue-report.js';
import {
  toFormattedTicketNumber,
  type FormattedTicketNumber,
} from '../../src/domain/ticket-number.js';

export const aPrincipal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 7,
  companyId: 1,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  roles: [],
  ...overrides,
});

export const aNewReport = (overrides: Partial<NewIssueReport> = {}): NewIssueReport => ({
  category: 'bug',
  severity: 'high',
  title: 'Export button does nothing',
  description: 'Clicking Export on the invoices page shows a spinner forever.',
  stepsToReproduce: '1. Open invoices\n2. Click Export',
  expectedBehavior: 'A CSV downloads',
  actualBehavior: 'Spinner forever',
  browserInfo: { name: 'Chrome', version: '120.0', platform: 'macOS', language: 'en-US' },
  pageUrl: 'https://app.example.com/invoices',
  pageTitle: 'Invoices',
  viewportSize: '1920x1080',
  screenResolution: '2560x1440',
  consoleErrors: [{ message: 'TypeError: x is undefined', timestamp: '2026-03-10T09:29:00Z' }],
  apiHistory: [{ method: 'GET', url: '/api/invoices/export', status: 500, duration: 120 }],
  userActions: [{ type: 'click', target: 'button#export' }],
  ...overrides,
});

type Slice =
  'reporter' | 'problem' | 'context' | 'debug' | 'screenshot' | 'github' | 'email' | 'workflow';

/** Changes to a stored report, slice by slice: `{ github: { syncStatus: 'failed' } }`. */
export type ReportPatch = Partial<Omit<IssueReport, Slice>> & {
  readonly [K in Slice]?: Partial<IssueReport[K]>;
};

/** The report with `patch` applied: each slice given is merged into the report's own. */
export const patchReport = (report: IssueReport, patch: ReportPatch = {}): IssueReport => ({
  ...report,
  ...patch,
  reporter: { ...report.reporter, ...patch.reporter },
  problem: { ...report.problem, ...patch.problem },
  context: { ...report.context, ...patch.context },
  debug: { ...report.debug, ...patch.debug },
  screenshot: { ...report.screenshot, ...patch.screenshot },
  github: { ...report.github, ...patch.github },
  email: { ...report.email, ...patch.email },
  workflow: { ...report.workflow, ...patch.workflow },
});

/** A ticket number written out in a test, checked: `aTicketNumber('BUG-2026-0001')`. */
export function aTicketNumber(text: string): FormattedTicketNumber {
  const ticket = toFormattedTicketNumber(text);
  if (ticket === null) throw new Error(`not a ticket number: ${text}`);
  return ticket;
}
