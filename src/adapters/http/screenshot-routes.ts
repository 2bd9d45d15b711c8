import multer from '@koa/multer';
import { Router } from '@koa/router';
import type Koa from 'koa';
import type { ScreenshotFile } from '../../application/services/screenshot-files.js';
import type { GetPublicScreenshot } from '../../application/use-cases/get-public-screenshot.js';
import type { GetScreenshot } from '../../application/use-cases/get-screenshot.js';
import type { UploadScreenshot } from '../../application/use-cases/upload-screenshot.js';
import { sendFailure, type HttpFailure } from './error-status.js';
import {
  PUBLIC_SCREENSHOTS_PATH,
  verifyScreenshotSignature,
  type ScreenshotSecret,
} from './signed-screenshot-url.js';
import type { SupportState } from './support-state.js';

export interface ScreenshotRoutesDeps {
  readonly uploadScreenshot: Pick<UploadScreenshot, 'execute'>;
  readonly getScreenshot: Pick<GetScreenshot, 'execute'>;
  /** `MAX_SCREENSHOT_SIZE_MB` in bytes. */
  readonly maxScreenshotBytes: number;
}

const FIELD = 'screenshot';
/** Room for the multipart framing and a few small text fields around the file. */
const MULTIPART_SLACK = 64 * 1024;

const signIn: HttpFailure = { code: 'unauthorized', message: 'Sign in to use this endpoint' };

const invalid = (path: string, message: string): HttpFailure => ({
  code: 'validation_failed',
  message: 'The request does not fit the schema',
  details: [{ path, message }],
});

const tooLarge = (maxBytes: number): HttpFailure => ({
  code: 'payload_too_large',
  message: `A screenshot may be at most ${maxBytes} bytes`,
});

/** Every way multer or busboy refuses a body, as a 4xx: none of them is a bug of ours. */
function uploadFailure(error: unknown, maxBytes: number): HttpFailure {
  const { name, code, field } = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    field?: unknown;
  };
  const path = typeof field === 'string' ? field.slice(0, 100) : FIELD;
  if (name !== 'MulterError') return invalid(FIELD, 'Malformed multipart/form-data body');
  switch (code) {
    case 'LIMIT_FILE_SIZE':
      return tooLarge(maxBytes);
    case 'LIMIT_UNEXPECTED_FILE':
    case 'LIMIT_FILE_COUNT':
      return invalid(path, `Send exactly one file, in the field "${FIELD}"`);
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return { code: 'payload_too_large', message: 'Too many or too large form fields' };
    default:
      return invalid(path, 'Malformed multipart/form-data body');
  }
}

/** Receives the one file into memory (it is at most the screenshot limit), or answers why not. */
function receiveScreenshot(maxBytes: number): Koa.Middleware {
  const single = multer({
    storage: multer.memoryStorage(),
    // multer treats each limit as "most allowed": a file of maxBytes + 1 bytes is refused with LIMIT_FILE_SIZE.
    limits: {
      files: 1,
      fileSize: maxBytes,
      fields: 8,
      fieldSize: 4 * 1024,
      parts: 9,
      headerPairs: 20,
    },
  }).single(FIELD);
  return async (ctx, next) => {
    // A declared length over the limit is refused before a byte is read.
    if (ctx.request.length !== undefined && ctx.request.length > maxBytes + MULTIPART_SLACK) {
      return sendFailure(ctx, tooLarge(maxBytes));
    }
    try {
      await single(ctx, async () => {});
    } catch (error) {
      return sendFailure(ctx, uploadFailure(error, maxBytes));
    }
    await next();
  };
}

function sendImage(ctx: Koa.Context, file: ScreenshotFile, cacheControl: string): void {
  ctx.set('Content-Type', file.contentType);
  ctx.set('Cache-Control', cacheControl);
  // The browser must never guess another type (HTML, script) from the bytes.
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Disposition', `inline; filename="${file.name}"`);
  ctx.body = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
}

/**
 * `POST /upload-screenshot` and `GET /report/:ticket_number/screenshot`,
 * relative to wherever they are mounted. They expect `ctx.state.principal`:
 * mount them under `/api/support` behind the same authentication as the
 * other support routes, e.g. `supportRouter.use(screenshotRoutes(deps).routes())`.
 */
export function screenshotRoutes(deps: ScreenshotRoutesDeps): Router<SupportState> {
  const router = new Router<SupportState>();
  const maxBytes = deps.maxScreenshotBytes;

  // Mounted without authentication by mistake, the routes refuse rather than crash or serve.
  router.use(async (ctx, next) => {
    if (!(ctx.state as Partial<SupportState>).principal) return sendFailure(ctx, signIn);
    await next();
  });

  router.post('/upload-screenshot', receiveScreenshot(maxBytes), async (ctx) => {
    const { file, body } = ctx.request as { file?: multer.File; body?: unknown };
    // Nothing but the file (docs/api.md): a stray text field is named, not silently dropped.
    const [extra] = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    if (extra !== undefined) {
      return sendFailure(
        ctx,
        invalid(extra.slice(0, 100), `Unexpected field; send only the file in "${FIELD}"`),
      );
    }
    if (!file) return sendFailure(ctx, invalid(FIELD, `Required: a file in the field "${FIELD}"`));
    const result = await deps.uploadScreenshot.execute({
      principal: ctx.state.principal,
      filename: file.originalname,
      bytes: file.buffer,
    });
    if (!result.ok) return sendFailure(ctx, result.error);
    ctx.status = 201;
    ctx.body = { success: true, filename: result.value.filename, path: result.value.path };
  });

  router.get('/report/:ticket_number/screenshot', async (ctx) => {
    const result = await deps.getScreenshot.execute({
      principal: ctx.state.principal,
      ticketNumber: ctx.params.ticket_number ?? '',
    });
    if (!result.ok) return sendFailure(ctx, result.error);
    sendImage(ctx, result.value, 'private, max-age=0');
  });

  return router;
}

/**
 * `GET /public/screenshots/:name?sig=<hex>`, for the signed links in GitHub
 * issues: no authentication, the signature is the key. A missing, malformed
 * or wrong signature is answered exactly like a missing file (404). Mount at
 * the root of the app, outside `/api/support`: `app.use(publicScreenshotRoutes(deps).routes())`.
 */
export function publicScreenshotRoutes(deps: {
  readonly getPublicScreenshot: Pick<GetPublicScreenshot, 'execute'>;
  readonly secret: ScreenshotSecret;
}): Router {
  const router = new Router();
  router.get(`${PUBLIC_SCREENSHOTS_PATH}/:name`, async (ctx) => {
    const name = ctx.params.name ?? '';
    const missing: HttpFailure = { code: 'not_found', message: 'No such screenshot' };
    if (!verifyScreenshotSignature(deps.secret, name, ctx.query.sig)) {
      return sendFailure(ctx, missing);
    }
    const result = await deps.getPublicScreenshot.execute({ name });
    if (!result.ok) return sendFailure(ctx, missing);
    // Anyone holding the link may see it, but shared caches should not keep a user's screen.
    sendImage(ctx, result.value, 'private, max-age=3600');
  });
  return router;
}
