/**
 * `npm run token -- --company 7 --name Ada --email ada@example.com [--support] [--user 42] [--days 30]`:
 * prints a bearer token for the API, signed with AUTH_JWT_SECRET (from the
 * environment or `.env`), or, when it is unset outside production, with the
 * development secret in `data/dev-secret` that `npm start` uses too.
 */
import { parseArgs } from 'node:util';
import { DEV_SECRET_FILE, devSecret, signToken } from '../dev-token.js';
import { runEntry } from '../run-entry.js';

const USAGE =
  'usage: npm run token -- --company <id> --name <name> [--email <address>] [--user <id>] ' +
  '[--support] [--days <1-365>]';

const wholeNumber = (text: string | undefined, name: string, max: number): number => {
  if (text === undefined || !/^[0-9]{1,15}$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new Error(`--${name}: must be a whole number from 1 to ${max}\n${USAGE}`);
  return Number(text);
};

function parse(argv: readonly string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        company: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        user: { type: 'string', default: '1' },
        support: { type: 'boolean', default: false },
        days: { type: 'string', default: '30' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, {
      cause: error,
    });
  }
  if (values.help) return null;
  const name = values.name?.trim();
  if (!name) throw new Error(`--name: required\n${USAGE}`);
  const email = values.email?.trim() || null;
  if (email !== null && !/^[^\s@<>]+@[^\s@<>]+$/.test(email))
    throw new Error(`--email: must be an e-mail address\n${USAGE}`);
  return {
    companyId: wholeNumber(values.company, 'company', Number.MAX_SAFE_INTEGER),
    userId: wholeNumber(values.user, 'user', Number.MAX_SAFE_INTEGER),
    name,
    email,
    roles: values.support ? ['support_agent'] : [],
    expiresIn: `${wholeNumber(values.days, 'days', 365)}d`,
  };
}

runEntry('token', async (config) => {
  const claims = parse(process.argv.slice(2));
  if (!claims) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let secret = config.authJwtSecret;
  if (!secret) {
    // The configuration already refuses production without AUTH_JWT_SECRET.
    secret = await devSecret();
    process.stderr.write(`AUTH_JWT_SECRET is not set: signed with ${DEV_SECRET_FILE}\n`);
  }
  process.stdout.write(`${await signToken(secret, claims)}\n`);
});
