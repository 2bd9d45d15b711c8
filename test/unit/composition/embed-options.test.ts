import { expect } from 'chai';
import { createBugport, type BugportOptions } from '../../../src/composition/embed.js';

/** Nothing listens on port 1: a check that reached the database would fail differently. */
const base: BugportOptions = {
  databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
  authenticate: async () => null,
};

async function refusal(options: BugportOptions): Promise<string> {
  try {
    await createBugport(options);
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('createBugport accepted the options');
}

describe('createBugport options', () => {
  it('refuses a misspelt setting in env, naming it and the setting meant', async () => {
    const message = await refusal({
      ...base,
      // @ts-expect-error the setting is GITHUB_ENABLED: the compiler catches the typo too
      env: { GITHUB_ENABLE: 'true' },
    });
    expect(message).to.equal(
      'bugport options: env.GITHUB_ENABLE: unknown setting (did you mean env.GITHUB_ENABLED?)',
    );
  });

  it('refuses settings from an untyped record just the same, every one in one message', async () => {
    const fromJavaScript: Record<string, string> = {
      SUPPORT_EMAIL: 'help@host.example',
      SUPORT_EMAIL: 'help@host.example',
      FAVOURITE_COLOUR: 'teal',
    };
    const message = await refusal({ ...base, env: fromJavaScript });
    expect(message).to.equal(
      'bugport options: env.SUPORT_EMAIL: unknown setting (did you mean env.SUPPORT_EMAIL?); ' +
        'env.FAVOURITE_COLOUR: unknown setting',
    );
  });

  it('refuses an unknown option and DATABASE_URL in env, which the databaseUrl option gives', async () => {
    const options = { ...base, prefx: '/help', env: { DATABASE_URL: 'postgres://elsewhere/db' } };
    const message = await refusal(options as BugportOptions);
    expect(message).to.equal(
      'bugport options: prefx: unknown option (did you mean prefix?); ' +
        'env.DATABASE_URL: not a setting here; give the database as the databaseUrl option',
    );
  });

  it('names the schema and databaseUrl options when their values are bad', async () => {
    const message = await refusal({ ...base, databaseUrl: 'mysql://db', schema: 'Support' });
    expect(message).to.equal(
      'bugport configuration: databaseUrl: must be a URL like postgres://user:pass@host:5432/db; ' +
        'schema: must be a lower-case PostgreSQL schema name like bugport',
    );
  });

  it('still reports bad values of known settings by name', async () => {
    const message = await refusal({ ...base, env: { GITHUB_ENABLED: 'yes' } });
    expect(message).to.match(/^bugport configuration: GITHUB_ENABLED: must be true or false/);
  });
});
