import { expect } from 'chai';
import {
  SubmitIssueReport,
  type SubmitIssueReportCommand,
} from '../../src/application/use-cases/submit-issue-report.js';
import { makeFakes } from '../support/fakes.js';
import { aReportBody, signToken, startTestApi } from '../support/http.js';

/** A submission that takes a while, so that shutdown catches it in flight. */
class SlowSubmit extends SubmitIssueReport {
  override async execute(command: SubmitIssueReportCommand) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return super.execute(command);
  }
}

describe('graceful shutdown', () => {
  it('finishes the requests in flight, then refuses new connections', async () => {
    const fakes = makeFakes({ rateLimit: 100 });
    const api = await startTestApi({
      overrides: { ...fakes, submitIssueReport: new SlowSubmit(fakes) },
    });
    const token = await signToken();

    const inFlight = api.request('POST', '/api/support/report', { token, body: aReportBody() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = api.close();

    const answer = await inFlight;
    expect(answer.status).to.equal(201);
    expect(answer.body.ticket_number).to.match(/^BUG-\d{4}-0001$/);
    await closed;
    expect(fakes.reports.reports.size).to.equal(1);

    const refused = await fetch(`${api.url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');
  });
});
