import { expect } from 'chai';
import { inWireNames } from '../../src/adapters/http/request-schemas.js';
import { createIssueReport } from '../../src/domain/issue-report.js';
import { aNewReport, aTicketNumber } from '../support/builders.js';

describe('field names in a POST /report failure', () => {
  it('the domain names its own fields and the HTTP adapter answers with the wire names', () => {
    const refused = createIssueReport(
      aNewReport({
        title: ' ',
        stepsToReproduce: 's'.repeat(50_001),
        pageUrl: 'u'.repeat(501),
        screenResolution: 'r'.repeat(51),
      }),
      { userId: 1, companyId: 1, name: 'Ada', email: null },
      { id: 'r-1', ticketNumber: aTicketNumber('BUG-2026-0001'), now: new Date() },
    );
    if (refused.ok) throw new Error('accepted');
    expect(refused.error.details?.map((d) => d.path)).to.deep.equal([
      'title',
      'stepsToReproduce',
      'pageUrl',
      'screenResolution',
    ]);
    const answered = inWireNames(refused.error);
    expect(answered.details).to.deep.equal([
      { path: 'title', message: 'Required' },
      { path: 'steps_to_reproduce', message: 'At most 50000 characters' },
      { path: 'page_url', message: 'At most 500 characters' },
      { path: 'screen_resolution', message: 'At most 50 characters' },
    ]);
    expect(answered).to.include({ code: 'validation_failed', message: refused.error.message });
  });

  it('keeps paths it does not know, and a failure without details as it is', () => {
    const failure = {
      code: 'validation_failed' as const,
      message: 'The request does not fit the schema',
      details: [{ path: 'attachments.0', message: 'No such uploaded file' }],
    };
    expect(inWireNames(failure)).to.deep.equal(failure);
    const limited = { code: 'rate_limited' as const, message: 'Too many', retryAfterSeconds: 3 };
    expect(inWireNames(limited)).to.equal(limited);
  });
});
