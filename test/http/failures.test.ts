import { expect } from 'chai';
import { InMemoryIssueReportRepository } from '../../src/adapters/in-memory/in-memory-issue-report-repository.js';
import { InMemoryJobQueue } from '../../src/adapters/in-memory/in-memory-job-queue.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { DependencyUnavailableError } from '../../src/application/errors/dependency-unavailable-error.js';
import type { IssueReportRepository } from '../../src/application/ports/issue-report-repository.js';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

/** A repository whose store answers every call with `error`. */
function brokenRepository(error: Error): IssueReportRepository {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return {
    add: fail,
    findByIdempotencyKey: fail,
    findById: fail,
    findByTicketNumber: fail,
    list: fail,
    update: fail,
    findRefs: fail,
  };
}

describe('failures of the store', () => {
  let api: TestApi;
  let token: string;

  afterEach(() => api.close());

  describe('when the database cannot be reached', () => {
    beforeEach(async () => {
      const queue = new InMemoryJobQueue(new ManualClock());
      api = await startTestApi({
        overrides: {
          reports: brokenRepository(new DependencyUnavailableError('connection refused')),
          jobQueue: queue,
          ready: async () => false,
        },
      });
      token = await signToken();
    });

    for (const [method, path] of [
      ['POST', '/api/support/report'],
      ['GET', '/api/support/reports'],
      ['GET', '/api/support/report/BUG-2026-0001'],
    ] as const) {
      it(`answers ${method} ${path} with 503 unavailable`, async () => {
        const body = method === 'POST' ? aReportBody() : undefined;
        const response = await api.request(method, path, { token, body });

        expect(response.status).to.equal(503);
        expect(response.body.success).to.equal(false);
        expect(response.body.error?.code).to.equal('unavailable');
      });
    }

    it('says not ready on /readyz while /healthz stays 200', async () => {
      expect((await api.request('GET', '/readyz')).status).to.equal(503);
      expect((await api.request('GET', '/healthz')).status).to.equal(200);
    });
  });

  describe('when something unexpected is thrown', () => {
    const secretish = 'connect ECONNREFUSED 10.0.0.5:5432 password=hunter2';

    beforeEach(async () => {
      api = await startTestApi({ overrides: { reports: brokenRepository(new Error(secretish)) } });
      token = await signToken();
    });

    it('answers 500 internal_error without internals, and logs the error', async () => {
      const response = await api.request('GET', '/api/support/reports', { token });

      expect(response.status).to.equal(500);
      expect(response.body.success).to.equal(false);
      expect(response.body.error?.code).to.equal('internal_error');
      for (const leak of ['ECONNREFUSED', 'hunter2', '10.0.0.5', 'at ', 'Error:']) {
        expect(response.text, `the body must not contain ${leak}`).to.not.include(leak);
      }
      const logged = api.logger.entries.find((entry) => entry.level === 'error');
      expect((logged?.fields as { err?: Error }).err?.message).to.equal(secretish);
    });
  });

  describe('a 503 writes nothing', () => {
    it('leaves no report and no job behind when the store fails while adding', async () => {
      const queue = new InMemoryJobQueue(new ManualClock());
      const reports = new InMemoryIssueReportRepository(queue);
      reports.add = async () => {
        throw new DependencyUnavailableError('pool timeout');
      };
      api = await startTestApi({ overrides: { reports, jobQueue: queue } });
      token = await signToken();

      const response = await api.request('POST', '/api/support/report', {
        token,
        body: aReportBody(),
      });

      expect(response.status).to.equal(503);
      expect(reports.reports.size).to.equal(0);
      expect(queue.pending.length).to.equal(0);
    });
  });
});
