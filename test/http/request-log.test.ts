import { expect } from 'chai';
import { signToken, startTestApi, type TestApi } from '../support/http.js';

/*
 * The access log names the route, never what a client put in the path: an
 * e-mail address or a token pasted where a ticket number goes must not reach
 * the log, signed in or not.
 */
describe('the request log', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ env: { NODE_ENV: 'development' } });
  });
  after(() => api?.close());

  const PLANTED = [
    'someone.leak@example.com',
    'ghp_SECRETPATHTOKEN1234567890abcdefghijkl',
    'Bearer%20SECRETPATHBEARER',
    'hunter2secret',
  ];

  it('replaces every path segment that is not a route word, ticket or file name', async () => {
    const token = await signToken();
    for (const planted of PLANTED) {
      await api.request('GET', `/api/support/report/${planted}`, { token });
      await api.request('GET', `/api/support/report/${planted}`);
      await api.request('GET', `/api/support/${planted}/reports`, { token });
    }
    await api.request('GET', '/api/support/report/BUG-2026-0001', { token });

    const logged = JSON.stringify(api.logger.entries);
    for (const planted of PLANTED) {
      expect(logged).not.to.contain(planted);
      expect(logged).not.to.contain(decodeURIComponent(planted));
    }
    expect(logged).not.to.contain('SECRETPATH');
    const paths = api.logger.entries.map((e) => (e.fields as { path?: string }).path);
    expect(paths).to.include('/api/support/report/…');
    expect(paths).to.include('/api/support/…/reports');
    expect(paths).to.include('/api/support/report/BUG-2026-0001');
  });
});
