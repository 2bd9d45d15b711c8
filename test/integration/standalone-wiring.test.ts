import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildContainer, resolve } from '../../src/composition/container.js';
import { openRuntime } from '../../src/composition/runtime.js';
import type { ServiceName } from '../../src/composition/services.js';
import { TOKENS } from '../../src/composition/tokens.js';
import { testConfig } from '../support/http.js';
import { createDatabase } from '../support/postgres.js';

/**
 * The standalone wiring binds every port itself: no fake from
 * src/adapters/in-memory/ may be resolved in it (docs/adr/0018), whichever
 * way GitHub and e-mail are configured.
 */

const IN_MEMORY_DIR = join(import.meta.dirname, '../../src/adapters/in-memory');

/** Every class that src/adapters/in-memory/ exports. */
async function inMemoryClasses(): Promise<Array<abstract new (...args: never[]) => unknown>> {
  const classes: Array<abstract new (...args: never[]) => unknown> = [];
  for (const file of await readdir(IN_MEMORY_DIR)) {
    if (!file.endsWith('.ts')) continue;
    const module = (await import(join(IN_MEMORY_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value))) {
        classes.push(value as abstract new (...args: never[]) => unknown);
      }
    }
  }
  return classes;
}

const SERVICE_NAMES = Object.keys(TOKENS) as ServiceName[];

describe('the standalone wiring', function () {
  this.timeout(60_000);

  for (const [what, env] of [
    ['GitHub disabled, e-mails to data/mail', {}],
    [
      'GitHub and SMTP on',
      {
        GITHUB_ENABLED: 'true',
        GITHUB_TOKEN: 'ghp_test',
        GITHUB_REPO: 'acme/app',
        GITHUB_API_URL: 'http://127.0.0.1:9',
        SMTP_URL: 'smtp://127.0.0.1:9',
      },
    ],
  ] as const) {
    it(`resolves every service, none of them in memory (${what})`, async () => {
      const fakes = await inMemoryClasses();
      expect(fakes.map((fake) => fake.name)).to.include.members([
        'InMemoryIssueReportRepository',
        'InMemoryIssueTracker',
        'InMemoryJobQueue',
        'InMemoryMailer',
        'InMemoryRateLimiter',
      ]);
      const database = await createDatabase();
      const config = testConfig({ DATABASE_URL: database.url, ...env });
      const logger = pino({ level: 'silent' });
      const runtime = await openRuntime(config, logger);
      try {
        // As `startStandalone`, the worker and the operator commands build it.
        const container = buildContainer({ config, ports: runtime.modules, overrides: { logger } });
        const inMemory: string[] = [];
        for (const name of SERVICE_NAMES) {
          const service: unknown = resolve(container, name);
          expect(service, name).not.to.equal(undefined);
          const fake = fakes.find(
            (candidate) =>
              service instanceof candidate ||
              (service as { constructor?: { name?: string } } | null)?.constructor?.name ===
                candidate.name,
          );
          if (fake) inMemory.push(`${name}: ${fake.name}`);
        }
        expect(inMemory).to.deep.equal([]);
      } finally {
        await runtime.close();
        await database.drop();
      }
    });
  }
});
