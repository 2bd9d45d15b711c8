import { z } from 'zod';
import { ok, validationFailed, type Failure, type Result } from '../../domain/errors.js';
import {
  CATEGORIES,
  LIMITS,
  SEVERITIES,
  STATUSES,
  newest,
  type NewIssueReport,
} from '../../domain/issue-report.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../../application/use-cases/list-issue-reports.js';
import type { ListIssueReportsQuery } from '../../application/use-cases/list-issue-reports.js';
import type { ScreenshotFields } from '../../application/services/screenshot-intake.js';

/*
 * The edge's schemas of the support API's requests. They check shape and limits and
 * turn the client's snake_case into the use case's input; the domain checks
 * the same limits again for library callers. Unknown fields are stripped.
 */

const typeError =
  (expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'Required' : `Must be ${expected}`;

const requiredText = (max: number) =>
  z
    .string({ error: typeError('a string') })
    .trim()
    .min(1, 'Required')
    .max(max, `At most ${max} characters`);

const optionalText = (max: number) =>
  z
    .string({ error: typeError('a string or null') })
    .max(max, `At most ${max} characters`)
    .nullish();

const choice = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .enum(values, { error: `Must be one of ${values.join(', ')}` })
    .nullish()
    .transform((value) => value ?? fallback);

/*
 * Free-form values are not re-validated as JSON: the body came out of a JSON
 * parser, so every value already is JSON, and \`jsonBody\` has bounded its
 * depth. Walking it again with \`z.json()\` cost a tenth of a request's CPU.
 */
const jsonObject = z.record(z.string(), z.unknown(), { error: 'Must be an object' }) as z.ZodType<
  JsonObject,
  unknown
>;
const jsonArray = z.array(z.unknown(), { error: 'Must be an array' }) as z.ZodType<
  JsonValue[],
  unknown
>;

/** Browser events, oldest first: beyond the limit only the newest are kept, nothing is refused. */
const debugEntries = jsonArray.optional().transform((items) => newest(items));

const reportFields = z.object(
  {
    category: choice(CATEGORIES, 'bug'),
    severity: choice(SEVERITIES, 'medium'),
    title: requiredText(LIMITS.title),
    description: requiredText(LIMITS.longText),
    steps_to_reproduce: optionalText(LIMITS.longText),
    expected_behavior: optionalText(LIMITS.longText),
    actual_behavior: optionalText(LIMITS.longText),
    browser_info: jsonObject.nullish(),
    page_url: optionalText(LIMITS.pageUrl),
    page_title: optionalText(LIMITS.pageTitle),
    viewport_size: optionalText(LIMITS.dimension),
    screen_resolution: optionalText(LIMITS.dimension),
    console_errors: debugEntries,
    api_history: debugEntries,
    user_actions: debugEntries,
    local_storage_data: jsonObject.nullish(),
    session_storage_data: jsonObject.nullish(),
    screenshot_annotations: jsonArray.nullish(),
  },
  { error: 'The body must be a JSON object' },
);

export const newIssueReportBody = reportFields.transform((body): NewIssueReport => ({
  category: body.category,
  severity: body.severity,
  title: body.title,
  description: body.description,
  stepsToReproduce: body.steps_to_reproduce ?? null,
  expectedBehavior: body.expected_behavior ?? null,
  actualBehavior: body.actual_behavior ?? null,
  browserInfo: body.browser_info ?? null,
  pageUrl: body.page_url ?? null,
  pageTitle: body.page_title ?? null,
  viewportSize: body.viewport_size ?? null,
  screenResolution: body.screen_resolution ?? null,
  consoleErrors: body.console_errors,
  apiHistory: body.api_history,
  userActions: body.user_actions,
  localStorageData: body.local_storage_data ?? null,
  sessionStorageData: body.session_storage_data ?? null,
  screenshotAnnotations: body.screenshot_annotations ?? null,
}));

/** Longest name `/upload-screenshot` mints (`<uuid>.png`), with room to spare. */
const MAX_FILE_NAME = 100;
const MAX_ATTACHMENTS = 20;

/**
 * The screenshot fields of POST /report, kept apart from the report itself:
 * the use case decodes, checks and stores them before the report exists.
 * Their size is bounded by the body limit; their content by the use case.
 */
const screenshotFields = z.object({
  screenshot_data: z.string({ error: typeError('a base64 string or a data URL') }).nullish(),
  screenshot_filename: z
    .string({ error: typeError('a file name') })
    .max(MAX_FILE_NAME, `At most ${MAX_FILE_NAME} characters`)
    .nullish(),
  attachments: z
    .array(z.string({ error: 'Must be a file name' }).max(MAX_FILE_NAME), {
      error: 'Must be an array of file names',
    })
    .max(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments`)
    .nullish(),
});

export const screenshotFieldsBody = screenshotFields.transform((body): ScreenshotFields => ({
  screenshotData: body.screenshot_data ?? null,
  screenshotFilename: body.screenshot_filename ?? null,
  ...(body.attachments ? { attachments: body.attachments } : {}),
}));

const WHOLE_NUMBER = /^[0-9]+$/;

const wholeNumber = (min: number) =>
  z
    .string({ error: 'Must be a whole number' })
    .regex(WHOLE_NUMBER, 'Must be a whole number')
    // A page beyond any real one is past the end (an empty page), not an error.
    .transform((text) => Math.min(Number(text), Number.MAX_SAFE_INTEGER))
    .pipe(z.number().min(min, `Must be at least ${min}`));

export const listQuery = z.object({
  page: wholeNumber(1).default(1),
  // Larger pages are clamped rather than refused: a client asking for "all" still gets an answer.
  per_page: z
    .string({ error: 'Must be a whole number' })
    .regex(WHOLE_NUMBER, 'Must be a whole number')
    .transform((text) => Math.min(Number(text), MAX_PER_PAGE))
    .pipe(z.number().min(1, 'Must be at least 1'))
    .default(DEFAULT_PER_PAGE),
  status: z.enum(STATUSES, { error: `Must be one of ${STATUSES.join(', ')}` }).optional(),
});

export type ListQueryInput = Omit<ListIssueReportsQuery, 'principal'>;

/** Every top-level field POST /report knows; any other is ignored, not refused. */
export const SUBMISSION_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(reportFields.shape),
  ...Object.keys(screenshotFields.shape),
]);

/** The wire name of each `NewIssueReport` field the domain may name in a failure. */
const WIRE_NAME_OF: ReadonlyMap<string, string> = new Map<keyof NewIssueReport, string>([
  ['stepsToReproduce', 'steps_to_reproduce'],
  ['expectedBehavior', 'expected_behavior'],
  ['actualBehavior', 'actual_behavior'],
  ['browserInfo', 'browser_info'],
  ['pageUrl', 'page_url'],
  ['pageTitle', 'page_title'],
  ['viewportSize', 'viewport_size'],
  ['screenResolution', 'screen_resolution'],
  ['consoleErrors', 'console_errors'],
  ['apiHistory', 'api_history'],
  ['userActions', 'user_actions'],
  ['localStorageData', 'local_storage_data'],
  ['sessionStorageData', 'session_storage_data'],
  ['screenshotAnnotations', 'screenshot_annotations'],
]);

/**
 * A use case's failure of POST /report with the fields named as the client
 * sent them (`stepsToReproduce` → `steps_to_reproduce`); other paths are kept.
 */
export function inWireNames(failure: Failure): Failure {
  if (!failure.details) return failure;
  return {
    ...failure,
    details: failure.details.map((issue) => ({
      ...issue,
      path: WIRE_NAME_OF.get(issue.path) ?? issue.path,
    })),
  };
}

/** Validates `input`; a failure names every field at fault (`browser_info.name`, `title`). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return validationFailed(
    parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

/** POST /report: the report and its screenshot fields, every field at fault named at once. */
export function parseSubmission(
  body: unknown,
): Result<{ report: NewIssueReport; screenshots: ScreenshotFields }> {
  const report = parseInput(newIssueReportBody, body);
  // A body that is not an object has one problem, already named by the report schema.
  const screenshots =
    report.ok || (typeof body === 'object' && !Array.isArray(body))
      ? parseInput(screenshotFieldsBody, body)
      : ok({});
  if (report.ok && screenshots.ok)
    return ok({ report: report.value, screenshots: screenshots.value });
  return validationFailed([
    ...(report.ok ? [] : (report.error.details ?? [])),
    ...(screenshots.ok ? [] : (screenshots.error.details ?? [])),
  ]);
}

/** The query of GET /reports, in the use case's terms. */
export function parseListQuery(query: unknown): Result<ListQueryInput> {
  const parsed = parseInput(listQuery, query);
  if (!parsed.ok) return parsed;
  const { page, per_page, status } = parsed.value;
  return ok({ page, perPage: per_page, ...(status ? { status } : {}) });
}
