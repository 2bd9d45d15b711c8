import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the project's own dependency check (`npm run check:deps`) in a copy of the tree. */
async function checkDeps(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['depcruise', 'src', '--config', '.dependency-cruiser.cjs'],
      { cwd },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the dependency rule (npm run check:deps)', function () {
  this.timeout(120_000);
  let copy: string;

  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'bugport-deps-'));
    for (const entry of ['src', '.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
      await cp(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterEach(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('passes on the tree as it is', async () => {
    const { code, output } = await checkDeps(copy);
    expect(code, output).to.equal(0);
  });

  const violations: Array<[string, string, string, string]> = [
    [
      'the domain imports the application',
      'src/domain/ticket-number.ts',
      "import '../application/principal.js';",
      'domain-is-pure',
    ],
    [
      'the domain imports a node module',
      'src/domain/ticket-number.ts',
      "import 'node:fs';",
      'domain-is-pure',
    ],
    [
      'the domain imports an npm package',
      'src/domain/ticket-number.ts',
      "import 'zod';",
      'domain-is-pure',
    ],
    [
      'the application imports an adapter',
      'src/application/ports/clock.ts',
      "import '../../adapters/system/system-clock.js';",
      'application-imports-domain-and-application-only',
    ],
    [
      'an adapter imports another adapter group',
      'src/adapters/system/system-clock.ts',
      "import '../in-memory/manual-clock.js';",
      'adapter-groups-are-independent',
    ],
    [
      'a module behind bugport/core imports an npm package',
      'src/adapters/in-memory/manual-clock.ts',
      "import 'zod';",
      'core-entry-loads-no-package',
    ],
    [
      'an adapter imports inversify',
      'src/adapters/system/system-clock.ts',
      "import 'inversify';",
      'inversify-only-in-composition',
    ],
  ];

  for (const [what, file, line, rule] of violations) {
    it(`fails when ${what}`, async () => {
      await appendFile(join(copy, file), `\n${line}\n`);
      const { code, output } = await checkDeps(copy);
      expect(code).to.not.equal(0);
      expect(output).to.include(rule);
    });
  }
});
