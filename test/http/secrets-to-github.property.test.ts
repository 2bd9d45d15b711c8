import { expect } from 'chai';
import fc from 'fast-check';
import { SyncReportToGitHub } from '../../src/application/use-cases/sync-report-to-github.js';
import { aPlantedSecret } from '../support/arbitraries.js';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

/*
 * The whole way from the browser to GitHub: a secret of any shape redaction
 * knows (the ones it once missed included), planted in every free-form field
 * of a report sent over HTTP, never reaches the issue bugport files. The
 * formatter's own property tests check the same on reports built in memory;
 * this one goes through the request schema and the stored report too.
 */
describe('secrets sent over HTTP never reach GitHub', function () {
  this.timeout(120_000);
  let api: TestApi;
  let token: string;

  before(async () => {
    api = await startTestApi({ rateLimit: 1_000_000 });
    token = await signToken();
    const sync = new SyncReportToGitHub({
      ...api.fakes,
      tracker: api.fakes.issueTracker,
      github: { enabled: true, labels: ['bug'] },
    });
    await api.fakes.jobQueue.process('github.sync', (job, context) => sync.execute(job, context));
  });
  after(() => api?.close());

  it('files no planted secret, whatever the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        aPlantedSecret().filter((p) => p.url.length <= 500),
        async (planted) => {
          const body = aReportBody({
            title: `Failed: ${planted.text}`.slice(0, 255),
            description: `It broke. ${planted.text}`,
            steps_to_reproduce: planted.text,
            actual_behavior: planted.text,
            page_url: planted.url,
            page_title: planted.text.slice(0, 255),
            browser_info: { name: 'Chrome', extra: planted.json },
            console_errors: [{ message: planted.text, stack: `Error: ${planted.text}\n    at x` }],
            api_history: [
              { method: 'GET', url: planted.url, status: 401, headers: planted.json },
              { method: 'POST', url: '/api/x', status: 500, response: planted.json },
            ],
            user_actions: [{ type: 'input', target: planted.text }],
            local_storage_data: planted.json,
            session_storage_data: { note: planted.text },
          });
          const answer = await api.request('POST', '/api/support/report', { token, body });
          expect(answer.status, answer.text).to.equal(201);
          const before = api.fakes.issueTracker.issues.length;
          await api.fakes.jobQueue.drain();
          const filed = api.fakes.issueTracker.issues.slice(before);
          expect(filed).to.have.length(1);
          const [issue] = filed;
          expect(issue?.draft.title, planted.kind).not.to.contain(planted.secret);
          expect(issue?.draft.body, planted.kind).not.to.contain(planted.secret);
        },
      ),
      { numRuns: 60 },
    );
  });
});
