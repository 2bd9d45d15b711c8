import { SignJWT } from 'jose';
import type { IssueReportRepository } from '../../src/application/ports/issue-report-repository.js';
import type { Logger } from '../../src/application/ports/logger.js';
import { loadConfig, type Config } from '../../src/composition/config.js';
import type { Overrides } from '../../src/composition/services.js';
import { resolve } from '../../src/composition/container.js';
import { startServer, type RunningServer } from '../../src/composition/start-server.js';
import type { IssueReport } from '../../src/domain/issue-report.js';
import { makeFakes, type Fakes } from './fakes.js';

export const TEST_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

/** The standalone configuration with test values on top of the defaults. */
export function testConfig(env: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    PORT: '0',
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.value;
}

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string | undefined;
}

/** Keeps what was logged, so that tests can assert that a failure was recorded. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  info(fields: object, message?: string): void {
    this.entries.push({ level: 'info', fields, message });
  }
  warn(fields: object, message?: string): void {
    this.entries.push({ level: 'warn', fields, message });
  }
  error(fields: object, message?: string): void {
    this.entries.push({ level: 'error', fields, message });
  }
}

export interface TokenClaims {
  sub?: unknown;
  company_id?: unknown;
  name?: unknown;
  email?: unknown;
  roles?: unknown;
}

/** A bearer token as the standalone server expects it (HS256, sub and company_id). */
export function signToken(
  claims: TokenClaims = {},
  { secret = TEST_SECRET, expiresIn = '1h' as string | number } = {},
): Promise<string> {
  const payload = {
    sub: '7',
    company_id: 1,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    ...claims,
  };
  return new SignJWT(payload as Record<string, unknown>)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** The contract's bodies, loosely: each test reads the fields it asserts on. */
export interface ApiBody {
  readonly success?: boolean;
  readonly status?: string;
  readonly message?: string;
  readonly ticket_number?: string;
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly { readonly path: string; readonly message: string }[];
  };
  readonly reports?: readonly Record<string, unknown>[];
  readonly pagination?: { page: number; per_page: number; total: number; pages: number };
  readonly report?: Record<string, unknown>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: ApiBody;
}

export interface RequestOptions {
  readonly token?: string;
  /** An object is sent as JSON; a string is sent as it is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** The reports as stored, every company's, whatever the wiring keeps them in. */
export interface StoredReports {
  all(): Promise<readonly IssueReport[]>;
  readonly update: IssueReportRepository['update'];
}

export interface TestApi {
  readonly url: string;
  /** The fakes wired in; in the PostgreSQL wiring only the clock and the screenshot store. */
  readonly fakes: Fakes;
  readonly logger: RecordingLogger;
  readonly stored: StoredReports;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

/**
 * The standalone server, in process, on a free port of 127.0.0.1, wired by
 * the production container with in-memory fakes in place of every port.
 */
export async function startTestApi(
  options: { rateLimit?: number; env?: Record<string, string>; overrides?: Overrides } = {},
): Promise<TestApi> {
  const fakes = makeFakes({ rateLimit: options.rateLimit ?? 10 });
  const logger = new RecordingLogger();
  const server = await startServer(testConfig(options.env), {
    ...fakes,
    logger,
    ...options.overrides,
  });
  const repository = resolve(server.container, 'reports');
  return testApiOn(server, fakes, logger, {
    all: async () => [...fakes.reports.reports.values()],
    update: (companyId, id, change) => repository.update(companyId, id, change),
  });
}

/** A `TestApi` on a running server. */
export function testApiOn(
  server: RunningServer,
  fakes: Fakes,
  logger: RecordingLogger,
  stored: StoredReports,
  close: () => Promise<void> = () => server.close(),
): TestApi {
  return {
    url: server.url,
    fakes,
    logger,
    stored,
    close,
    async request(method, path, { token, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      const sent = init.headers as Record<string, string>;
      if (token) sent.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        sent['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${server.url}${path}`, init);
      const text = await response.text();
      let parsed: ApiBody = {};
      try {
        parsed = JSON.parse(text) as ApiBody;
      } catch {
        // Not JSON: tests that care read `text`.
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
  };
}

/** A valid body of POST /report, in the client's snake_case. */
export const aReportBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  category: 'bug',
  severity: 'high',
  title: 'Export button does nothing',
  description: 'Clicking Export on the invoices page shows a spinner forever.',
  steps_to_reproduce: '1. Open invoices\n2. Click Export',
  browser_info: { name: 'Chrome', version: '120.0' },
  page_url: 'https://app.example.com/invoices',
  console_errors: [{ message: 'TypeError: x is undefined' }],
  api_history: [{ method: 'GET', url: '/api/invoices/export', status: 500 }],
  user_actions: [{ type: 'click', target: 'button#export' }],
  local_storage_data: { theme: 'dark' },
  session_storage_data: { draft: 'yes' },
  ...overrides,
});
