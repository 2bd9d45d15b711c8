import { expect } from 'chai';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, runToEnd, TSX } from '../support/processes.js';

/** What a process using `createLogger` with `logFormat` writes for one event. */
async function logged(logFormat: 'pretty' | 'json'): Promise<string> {
  const logger = pathToFileURL(join(ROOT, 'src/composition/logger.ts')).href;
  const script = `
    const { createLogger } = await import(${JSON.stringify(logger)});
    const log = createLogger({ logLevel: 'info', logFormat: ${JSON.stringify(logFormat)} });
    log.info({ requestId: 'r-1', authJwtSecret: 'do-not-print-me' }, 'bugport stopped');
    process.exit(0);
  `;
  const run = await runToEnd(
    process.execPath,
    ['--import', TSX, '--input-type=module', '-e', script],
    { cwd: ROOT },
  );
  expect(run.code, run.stderr).to.equal(0);
  return run.stdout;
}

describe('LOG_FORMAT', function () {
  this.timeout(30_000);

  it('pretty: one readable line per event, written before process.exit, secrets redacted', async () => {
    const out = await logged('pretty');
    expect(out.trim().split('\n')).to.have.length(1);
    expect(out).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: bugport stopped /);
    expect(out).to.include('"requestId":"r-1"');
    expect(out).not.to.include('do-not-print-me');
    expect(() => JSON.parse(out) as unknown).to.throw();
  });

  it('json: one JSON object per line', async () => {
    const out = await logged('json');
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line).to.include({ level: 30, msg: 'bugport stopped', requestId: 'r-1' });
    expect(line.authJwtSecret).to.equal('[REDACTED]');
  });
});
