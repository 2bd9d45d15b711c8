import type { Principal } from '../../src/application/access/principal.js';
import type { NewIssueReport } from '../../src/domain/issue-report.js';

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
