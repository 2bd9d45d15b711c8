import { existsSync, readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';
import { isSchemaName } from '../adapters/persistence/schema-name.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** NODE_ENV values that mean "not production"; anything else is production. */
const DEVELOPMENT_ENVS = ['development', 'dev', 'test'];
export const isProductionEnv = (nodeEnv: string | undefined): boolean =>
  nodeEnv !== undefined &&
  nodeEnv.trim() !== '' &&
  !DEVELOPMENT_ENVS.includes(nodeEnv.trim().toLowerCase());

export type ConfigResult =
  | { readonly ok: true; readonly value: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

const MIB = 1024 * 1024;

const urlWith = (protocols: readonly string[], example: string) =>
  z.string().refine((text) => {
    try {
      return protocols.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, `must be a URL like ${example}`);

/** pg decodes the user name and password of a URL; a stray `%` would fail there, not here. */
function decodesUserInfo(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return true; // Not a URL at all: the URL check above says so, once.
  }
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    return true;
  } catch {
    return false;
  }
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((text) => text === 'true' || text === '1');

const origin = (text: string): boolean => {
  if (text === '*') return true;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
};

/** One entry per variable; unset (or empty) variables take the default. */
const environment = z.object({
  PORT: whole(0, 65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/db')
    .refine(
      decodesUserInfo,
      'the user name or password is not valid percent-encoding: write a special character such as % as %25',
    )
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .refine(isSchemaName, 'must be a lower-case PostgreSQL schema name like bugport')
    .optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters long').optional(),
  NODE_ENV: z.string().default('development'),
  GITHUB_ENABLED: flag.default(false),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_REPO: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name')
    .transform((text) => {
      const [owner = '', name = ''] = text.split('/');
      return { owner, name };
    })
    .optional(),
  GITHUB_LABELS: z.string().default('bug,user-reported').transform(list),
  GITHUB_API_URL: urlWith(['http:', 'https:'], 'https://api.github.com').default(
    'https://api.github.com',
  ),
  GITHUB_OUTBOX_DIR: z.string().default('data/github'),
  SUPPORT_EMAIL: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address')
    .default('support@localhost'),
  SMTP_URL: urlWith(['smtp:', 'smtps:'], 'smtp://user:pass@host:587').optional(),
  MAX_SCREENSHOT_SIZE_MB: z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?$/, 'must be a positive number')
    .transform(Number)
    .refine((n) => n > 0 && n <= 1024, 'must be a positive number of at most 1024')
    .default(10),
  ISSUE_REPORT_RATE_LIMIT: whole(1, 1_000_000).default(10),
  UPLOAD_RATE_LIMIT: whole(1, 1_000_000).default(30),
  UPLOAD_DIR: z.string().default('uploads'),
  PUBLIC_BASE_URL: urlWith(['http:', 'https:'], 'https://support.example.com').optional(),
  CORS_ORIGINS: z
    .string()
    .transform(list)
    .refine(
      (origins) => origins.every(origin),
      'must be a comma list of origins like https://app.example.com',
    )
    .default([]),
  RUN_WORKERS: flag.default(true),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
});

/** The environment variables `loadConfig` reads (docs/configuration.md). */
export type EnvironmentName = keyof typeof environment.shape;
export const ENVIRONMENT_NAMES = Object.keys(environment.shape) as readonly EnvironmentName[];

/** The checked environment as the camelCase configuration the code reads. */
const schema = environment.transform((e) => ({
  port: e.PORT,
  host: e.HOST,
  /** Null: the embedded PostgreSQL in `data/postgres`. */
  databaseUrl: e.DATABASE_URL ?? null,
  /** The PostgreSQL schema of bugport's tables; null: unqualified names (search_path, normally public). */
  databaseSchema: e.DATABASE_SCHEMA ?? null,
  /** pg-boss's own schema: `pgboss`, or `<databaseSchema>_pgboss` beside a schema other than public. */
  jobQueueSchema:
    e.DATABASE_SCHEMA === undefined || e.DATABASE_SCHEMA === 'public'
      ? 'pgboss'
      : `${e.DATABASE_SCHEMA}_pgboss`,
  /** Null: outside production, the development secret in `data/dev-secret` and a dev token printed. */
  authJwtSecret: e.AUTH_JWT_SECRET ?? null,
  nodeEnv: e.NODE_ENV,
  /**
   * True unless NODE_ENV is clearly development or test (`development`,
   * `dev`, `test`, any case, or unset): AUTH_JWT_SECRET is then required and
   * no development secret or token is ever used.
   */
  production: isProductionEnv(e.NODE_ENV),
  githubEnabled: e.GITHUB_ENABLED,
  githubToken: e.GITHUB_TOKEN ?? null,
  githubRepo: (e.GITHUB_REPO ?? null) as { readonly owner: string; readonly name: string } | null,
  githubLabels: e.GITHUB_LABELS as readonly string[],
  githubApiUrl: e.GITHUB_API_URL,
  /** Where the standalone server writes the issues it would file while GitHub is disabled. */
  githubOutboxDir: e.GITHUB_OUTBOX_DIR,
  supportEmail: e.SUPPORT_EMAIL,
  /** Null: e-mails are written as `.eml` files under `data/mail/`. */
  smtpUrl: e.SMTP_URL ?? null,
  maxScreenshotSizeMb: e.MAX_SCREENSHOT_SIZE_MB,
  /** Decoded bytes of the largest screenshot accepted. */
  maxScreenshotBytes: Math.ceil(e.MAX_SCREENSHOT_SIZE_MB * MIB),
  /** The largest JSON body of POST /report: room for the screenshot in base64 and 1 MiB more. */
  maxBodyBytes: Math.ceil((4 / 3) * e.MAX_SCREENSHOT_SIZE_MB * MIB) + MIB,
  issueReportRateLimit: e.ISSUE_REPORT_RATE_LIMIT,
  /** Screenshots one user may upload per hour (POST /upload-screenshot), per server process. */
  uploadRateLimit: e.UPLOAD_RATE_LIMIT,
  uploadDir: e.UPLOAD_DIR,
  publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
  /** Empty: no CORS. `*` allows any origin. */
  corsOrigins: e.CORS_ORIGINS as readonly string[],
  logLevel: e.LOG_LEVEL as LogLevel,
  /** Null: `pretty` when stdout is a terminal, `json` otherwise. */
  logFormat: (e.LOG_FORMAT ?? null) as LogFormat | null,
  /** `npm start` also runs the background workers; false for API-only processes. */
  runWorkers: e.RUN_WORKERS,
}));

/**
 * The environment of docs/configuration.md as a typed object, as `schema`
 * makes it. Every problem is reported at once, one line each, naming the
 * variable; values are never echoed, since several of them hold credentials.
 */
export type Config = Readonly<z.output<typeof schema>>;

type Env = Readonly<Record<string, string | undefined>>;

/** Rules between variables, checked on the raw values so they are reported with the rest. */
function crossFieldProblems(env: Env, githubEnabled: boolean): string[] {
  const problems: string[] = [];
  if (githubEnabled && !env.GITHUB_TOKEN)
    problems.push('GITHUB_TOKEN: required when GITHUB_ENABLED=true');
  if (githubEnabled && !env.GITHUB_REPO)
    problems.push('GITHUB_REPO: required when GITHUB_ENABLED=true');
  if (isProductionEnv(env.NODE_ENV) && !env.AUTH_JWT_SECRET) {
    const nodeEnv = env.NODE_ENV ?? '';
    problems.push(
      nodeEnv === 'production'
        ? 'AUTH_JWT_SECRET: required when NODE_ENV=production'
        : `AUTH_JWT_SECRET: required when NODE_ENV=${nodeEnv} (anything but development, dev or test counts as production)`,
    );
  } else if (env.PUBLIC_BASE_URL && !env.AUTH_JWT_SECRET) {
    // Links are signed with a key derived from it: a secret made up per process would break
    // every link at the next restart, and a separate worker would sign with another key.
    problems.push(
      'AUTH_JWT_SECRET: required when PUBLIC_BASE_URL is set (it signs screenshot links)',
    );
  }
  return problems;
}

/** Reads the configuration from `env`; an empty variable counts as unset. */
export function loadConfig(env: Env): ConfigResult {
  const present: Record<string, string> = {};
  for (const key of ENVIRONMENT_NAMES) {
    const value = env[key]?.trim();
    if (value) present[key] = value;
  }
  const parsed = schema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  problems.push(
    ...crossFieldProblems(present, flag.safeParse(present.GITHUB_ENABLED).data === true),
  );
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  return { ok: true, value: parsed.data };
}

/**
 * The process environment over a `.env` file in `cwd`, if there is one: a
 * variable set in the environment wins over the file.
 */
export function readEnvironment(
  processEnv: Env = process.env,
  envFile = '.env',
): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...processEnv };
}
