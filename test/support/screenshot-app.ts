import Koa from 'koa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleErrors } from '../../src/adapters/http/error-middleware.js';
import { publicScreenshotRoutes } from '../../src/adapters/http/screenshot-routes.js';
import { createSupportRouter } from '../../src/adapters/http/support-router.js';
import { InMemoryUploadRegistry } from '../../src/adapters/in-memory/in-memory-upload-registry.js';
import { FsScreenshotStore } from '../../src/adapters/storage/fs-screenshot-store.js';
import { SharpImageProcessor } from '../../src/adapters/storage/sharp-image-processor.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import type { Logger } from '../../src/application/ports/logger.js';
import { GetPublicScreenshot } from '../../src/application/use-cases/get-public-screenshot.js';
import { GetIssueReport } from '../../src/application/use-cases/get-issue-report.js';
import { GetScreenshot } from '../../src/application/use-cases/get-screenshot.js';
import { ListIssueReports } from '../../src/application/use-cases/list-issue-reports.js';
import { SubmitIssueReport } from '../../src/application/use-cases/submit-issue-report.js';
import { UploadScreenshot } from '../../src/application/use-cases/upload-screenshot.js';
import { aPrincipal } from './builders.js';
import { makeFakes } from './fakes.js';

export const MAX_BYTES = 256 * 1024;
export const SCREENSHOT_URL_SECRET = 'a-screenshot-url-secret-for-tests';
export const UUID_NAME =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(png|jpg|gif)$/;

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface Body {
  success?: boolean;
  filename?: string;
  path?: string;
  ticket_number?: string;
  error?: { code: string; message: string; details?: { path: string; message: string }[] };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
  readonly bytes: Buffer;
}

export interface ScreenshotApp {
  readonly url: string;
  /** `UPLOAD_DIR`: screenshots are in its `screenshots/`. */
  readonly root: string;
  /** A request as a user of `company` (the stub authentication reads `X-Test-Company`). */
  call(path: string, init?: RequestInit & { company?: number }): Promise<Answer>;
  upload(
    files: readonly { field?: string; name: string; bytes: Uint8Array }[],
    options?: { company?: number },
  ): Promise<Answer>;
  /** POST /report with a minimal valid body and `fields` on top. */
  report(fields: Record<string, unknown>, company?: number): Promise<Answer>;
  stored(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * The screenshot routes as the composition mounts them: under `/api/support`
 * behind authentication (a stub here), the signed public route at the root,
 * and the real support router for POST /report.
 * Real sharp, real files in a temporary `UPLOAD_DIR`, in-memory everything else.
 */
export async function startScreenshotApp(): Promise<ScreenshotApp> {
  const root = await mkdtemp(join(tmpdir(), 'bugport-uploads-'));
  const fakes = makeFakes({ rateLimit: 1000 });
  const deps = {
    ...fakes,
    ids: new RandomIdGenerator(),
    images: new SharpImageProcessor(),
    screenshots: new FsScreenshotStore(join(root, 'screenshots')),
    uploads: new InMemoryUploadRegistry(),
  };
  const submit = new SubmitIssueReport({
    ...deps,
    screenshotSupport: { ...deps, store: deps.screenshots, maxBytes: MAX_BYTES },
  });

  const api = createSupportRouter({
    submitIssueReport: submit,
    listIssueReports: new ListIssueReports(deps),
    getIssueReport: new GetIssueReport(deps),
    // Stub authentication: the company comes from a header.
    authenticate: async (ctx) => {
      const company = Number(ctx.get('X-Test-Company'));
      return company ? aPrincipal({ companyId: company, userId: company * 10 }) : null;
    },
    logger: silent,
    options: { maxBodyBytes: 2 * 1024 * 1024 },
    screenshots: {
      uploadScreenshot: new UploadScreenshot({ ...deps, maxBytes: MAX_BYTES }),
      getScreenshot: new GetScreenshot(deps),
      maxScreenshotBytes: MAX_BYTES,
    },
  });

  const app = new Koa();
  app.use(handleErrors(silent));
  app.use(api.routes());
  const publicDeps = { getPublicScreenshot: new GetPublicScreenshot(deps) };
  app.use(publicScreenshotRoutes({ ...publicDeps, secret: SCREENSHOT_URL_SECRET }).routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: ScreenshotApp['call'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('X-Test-Company', String(init.company ?? 1));
    const response = await fetch(`${url}${path}`, { ...init, headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    let body: Body = {};
    try {
      body = JSON.parse(bytes.toString('utf8')) as Body;
    } catch {
      // An image: tests read `bytes`.
    }
    return { status: response.status, headers: response.headers, body, bytes };
  };

  return {
    url,
    root,
    call,
    upload(files, { company = 1 } = {}) {
      const form = new FormData();
      for (const { field = 'screenshot', name, bytes } of files) {
        form.append(field, new Blob([bytes]), name);
      }
      return call('/api/support/upload-screenshot', { method: 'POST', body: form, company });
    },
    report(fields, company = 1) {
      return call('/api/support/report', {
        method: 'POST',
        company,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Broken', description: 'It broke', ...fields }),
      });
    },
    stored: (name) => readFile(join(root, 'screenshots', name)),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
