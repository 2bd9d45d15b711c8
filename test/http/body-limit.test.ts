import { expect } from 'chai';
import { aReportBody, signToken, startTestApi, type TestApi } from '../support/http.js';

const MIB = 1024 * 1024;
// MAX_SCREENSHOT_SIZE_MB=1: ceil(4/3 MiB) + 1 MiB.
const LIMIT = Math.ceil((4 / 3) * MIB) + MIB;

describe('POST /api/support/report body limit', () => {
  let api: TestApi;
  let token: string;

  before(async () => {
    api = await startTestApi({ env: { MAX_SCREENSHOT_SIZE_MB: '1' } });
    token = await signToken();
  });
  after(() => api.close());

  const bodyOfSize = (bytes: number): string => {
    const skeleton = JSON.stringify(aReportBody({ description: '' }));
    return JSON.stringify(aReportBody({ description: 'x'.repeat(bytes - skeleton.length) }));
  };

  it('accepts a body at the limit', async () => {
    // The description limit (50,000) refuses it, but only after parsing: the size is fine.
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: bodyOfSize(LIMIT),
    });

    expect(response.status).to.equal(400);
    expect(response.body.error?.details?.[0]?.path).to.equal('description');
  });

  it('answers 413 to a declared length over the limit', async () => {
    const response = await api.request('POST', '/api/support/report', {
      token,
      body: bodyOfSize(LIMIT + 1),
    });

    expect(response.status).to.equal(413);
    expect(response.body.success).to.deep.equal(false);
    expect(response.body.error?.code).to.equal('payload_too_large');
    expect(api.fakes.reports.reports.size).to.equal(0);
  });

  it('answers 413 to a chunked body that grows over the limit', async () => {
    const chunk = new TextEncoder().encode(`{"title":"t","description":"${'x'.repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > LIMIT + MIB) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });

    const response = await fetch(`${api.url}/api/support/report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    expect(response.status).to.equal(413);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).to.equal('payload_too_large');
  });
});
