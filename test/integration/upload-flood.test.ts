import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openRuntime, type Runtime } from '../../src/composition/runtime.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import { aGif } from '../support/images.js';
import { signToken, testConfig } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * One user's uploads of costly images (an animated GIF of
 * 39 frames of 1000×1000, 67 KB, seconds of CPU each) must not stall other
 * companies' requests. Before the fix, every decode took one of libuv's four
 * pool threads and sign-in (jose's WebCrypto HMAC) queued behind them: a
 * `GET /reports` of another company took as long as the images did.
 */
describe('an upload flood by one user (standalone, PostgreSQL)', function () {
  this.timeout(180_000);
  const UPLOADS = 5;
  let database: ScratchDatabase;
  let runtime: Runtime;
  let server: RunningServer;
  let workDir: string;

  before(async () => {
    database = await createDatabase();
    workDir = await mkdtemp(join(tmpdir(), 'bugport-flood-'));
    const config = testConfig({
      DATABASE_URL: database.url,
      UPLOAD_DIR: join(workDir, 'uploads'),
      RUN_WORKERS: 'false',
    });
    const logger = pino({ level: 'silent' });
    runtime = await openRuntime(config, logger);
    server = await startServer(config, { logger }, runtime.modules);
  });

  after(async () => {
    await server?.close();
    await runtime?.close();
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  it("keeps another company's GET /reports fast (p95 under 500 ms) while the images are worked on", async () => {
    const gif = await aGif(1000, 1000, 39);
    const flooder = await signToken({ sub: '11', company_id: 1 });
    const other = await signToken({ sub: '22', company_id: 2 });
    const list = async (): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/support/reports`, {
        headers: { authorization: `Bearer ${other}` },
      });
      expect(response.status).to.equal(200);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    await list(); // warm: the pool's first connection, the route's first run

    const flood = Array.from({ length: UPLOADS }, async () => {
      const form = new FormData();
      form.append('screenshot', new Blob([gif]), 'clip.gif');
      const response = await fetch(`${server.url}/api/support/upload-screenshot`, {
        method: 'POST',
        headers: { authorization: `Bearer ${flooder}` },
        body: form,
      });
      return response.status;
    });
    // Give the uploads time to arrive and their decoding to start.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const latencies: number[] = [];
    const until = performance.now() + 3_000;
    while (performance.now() < until) {
      latencies.push(await list());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const statuses = await Promise.all(flood);

    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] ?? 0;
    expect(p95, `latencies ${latencies.map(Math.round).join(', ')} ms`).to.be.below(500);
    expect(latencies.length).to.be.greaterThan(5);
    expect(statuses).to.deep.equal(Array(UPLOADS).fill(201));
  });
});
