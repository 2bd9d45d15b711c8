import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { loadConfig, type Config, type ConfigResult } from '../../../src/composition/config.js';
import { defaultLogFormat } from '../../../src/composition/logger.js';

const valid = (result: ConfigResult): Config => {
  if (!result.ok) expect.fail(`unexpected problems:\n${result.problems.join('\n')}`);
  return result.value;
};
const problems = (result: ConfigResult): readonly string[] => {
  if (result.ok) expect.fail('expected the configuration to be refused');
  return result.problems;
};

describe('loadConfig', () => {
  it('gives every variable of the contract its default', () => {
    const config = valid(loadConfig({}));

    expect(config).to.deep.equal({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      databaseSchema: null,
      jobQueueSchema: 'pgboss',
      authJwtSecret: null,
      nodeEnv: 'development',
      production: false,
      githubEnabled: false,
      githubToken: null,
      githubRepo: null,
      githubLabels: ['bug', 'user-reported'],
      githubApiUrl: 'https://api.github.com',
      githubOutboxDir: 'data/github',
      supportEmail: 'support@localhost',
      smtpUrl: null,
      maxScreenshotSizeMb: 10,
      maxScreenshotBytes: 10 * 1024 * 1024,
      maxBodyBytes: Math.ceil((4 / 3) * 10 * 1024 * 1024) + 1024 * 1024,
      issueReportRateLimit: 10,
      uploadRateLimit: 30,
      uploadDir: 'uploads',
      publicBaseUrl: null,
      corsOrigins: [],
      logLevel: 'info',
      logFormat: null,
      runWorkers: true,
    });
  });

  it('requires AUTH_JWT_SECRET with PUBLIC_BASE_URL, since it signs the screenshot links', () => {
    expect(problems(loadConfig({ PUBLIC_BASE_URL: 'https://support.example.com' }))).to.deep.equal([
      'AUTH_JWT_SECRET: required when PUBLIC_BASE_URL is set (it signs screenshot links)',
    ]);
    const secret = 'x'.repeat(32);
    expect(
      valid(loadConfig({ PUBLIC_BASE_URL: 'https://support.example.com', AUTH_JWT_SECRET: secret }))
        .publicBaseUrl,
    ).to.equal('https://support.example.com');
  });

  it('puts the tables in DATABASE_SCHEMA and pg-boss beside it, and refuses an unsafe name', () => {
    const config = valid(loadConfig({ DATABASE_SCHEMA: 'bugport' }));
    expect([config.databaseSchema, config.jobQueueSchema]).to.deep.equal([
      'bugport',
      'bugport_pgboss',
    ]);
    const publicly = valid(loadConfig({ DATABASE_SCHEMA: 'public' }));
    expect([publicly.databaseSchema, publicly.jobQueueSchema]).to.deep.equal(['public', 'pgboss']);
    expect(problems(loadConfig({ DATABASE_SCHEMA: 'Bug"port' }))).to.deep.equal([
      'DATABASE_SCHEMA: must be a lower-case PostgreSQL schema name like bugport',
    ]);
  });

  it('turns the in-process workers off with RUN_WORKERS=false, and refuses a non-boolean', () => {
    expect(valid(loadConfig({ RUN_WORKERS: 'false' })).runWorkers).to.equal(false);
    expect(problems(loadConfig({ RUN_WORKERS: 'sometimes' })).length).to.deep.equal(1);
    expect(problems(loadConfig({ RUN_WORKERS: 'sometimes' }))[0] ?? '').to.match(/^RUN_WORKERS: /);
  });

  it('reads every variable', () => {
    const config = valid(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://bug:port@db:5432/bugport',
        AUTH_JWT_SECRET: 's'.repeat(32),
        NODE_ENV: 'production',
        GITHUB_ENABLED: 'true',
        GITHUB_TOKEN: 'ghp_abc',
        GITHUB_REPO: 'acme/app',
        GITHUB_LABELS: 'bug, triage ,',
        GITHUB_API_URL: 'https://github.example.com/api/v3',
        SUPPORT_EMAIL: 'help@example.com',
        SMTP_URL: 'smtps://user:pass@mail.example.com:465',
        MAX_SCREENSHOT_SIZE_MB: '2.5',
        ISSUE_REPORT_RATE_LIMIT: '3',
        UPLOAD_RATE_LIMIT: '12',
        UPLOAD_DIR: '/var/bugport',
        PUBLIC_BASE_URL: 'https://support.example.com',
        CORS_ORIGINS: 'https://app.example.com,http://localhost:5173',
        LOG_LEVEL: 'debug',
      }),
    );

    expect(config.port).to.equal(8080);
    expect(config.githubEnabled).to.equal(true);
    expect(config.githubRepo).to.deep.equal({ owner: 'acme', name: 'app' });
    expect(config.githubLabels).to.deep.equal(['bug', 'triage']);
    expect(config.maxScreenshotBytes).to.equal(Math.ceil(2.5 * 1024 * 1024));
    expect(config.corsOrigins).to.deep.equal(['https://app.example.com', 'http://localhost:5173']);
    expect(config.logLevel).to.equal('debug');
    expect(config.production).to.equal(true);
    expect(config.uploadRateLimit).to.equal(12);
    expect(problems(loadConfig({ UPLOAD_RATE_LIMIT: '0' }))).to.deep.equal([
      'UPLOAD_RATE_LIMIT: must be a whole number from 1 to 1000000',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(valid(loadConfig({ PORT: '', DATABASE_URL: '' })).port).to.equal(3000);
  });

  it('lists one problem per line, each naming its variable', () => {
    const lines = problems(
      loadConfig({
        PORT: 'abc',
        MAX_SCREENSHOT_SIZE_MB: '-1',
        ISSUE_REPORT_RATE_LIMIT: '0',
        DATABASE_URL: 'mysql://x',
        GITHUB_REPO: 'not a repo',
        LOG_LEVEL: 'loud',
        CORS_ORIGINS: 'app.example.com',
      }),
    );

    expect(lines.map((line) => line.split(':')[0])).to.deep.equal([
      'PORT',
      'DATABASE_URL',
      'GITHUB_REPO',
      'MAX_SCREENSHOT_SIZE_MB',
      'ISSUE_REPORT_RATE_LIMIT',
      'CORS_ORIGINS',
      'LOG_LEVEL',
    ]);
    for (const line of lines) expect(line).to.not.include('\n');
  });

  it('refuses a DATABASE_URL whose password pg could not decode, without echoing it', () => {
    expect(problems(loadConfig({ DATABASE_URL: 'postgres://u:p%ZZw@h/x' }))).to.deep.equal([
      'DATABASE_URL: the user name or password is not valid percent-encoding: write a special character such as % as %25',
    ]);
    expect(problems(loadConfig({ DATABASE_URL: 'not a url' }))).to.have.length(1);
    expect(valid(loadConfig({ DATABASE_URL: 'postgres://u:p%25w@h/x' })).databaseUrl).to.equal(
      'postgres://u:p%25w@h/x',
    );
  });

  it('requires a token and a repository when GitHub is enabled, and never echoes the token', () => {
    const token = 'ghp_supersecretvalue1234567890';
    expect(problems(loadConfig({ GITHUB_ENABLED: 'true' }))).to.deep.equal([
      'GITHUB_TOKEN: required when GITHUB_ENABLED=true',
      'GITHUB_REPO: required when GITHUB_ENABLED=true',
    ]);

    const lines = problems(
      loadConfig({ GITHUB_ENABLED: 'true', GITHUB_TOKEN: token, GITHUB_REPO: 'acme/app/x' }),
    );
    expect(lines.map((line) => line.split(':')[0])).to.deep.equal(['GITHUB_REPO']);
    for (const line of lines) expect(line).to.not.include(token);
  });

  it('refuses GITHUB_ENABLED values other than true or false', () => {
    expect(
      problems(loadConfig({ GITHUB_ENABLED: 'yes please' })).map((line) => line.split(':')[0]),
    ).to.deep.equal(['GITHUB_ENABLED']);
  });

  it('requires AUTH_JWT_SECRET in production, and a long enough one anywhere', () => {
    expect(problems(loadConfig({ NODE_ENV: 'production' }))).to.deep.equal([
      'AUTH_JWT_SECRET: required when NODE_ENV=production',
    ]);
    const short = problems(loadConfig({ AUTH_JWT_SECRET: 'hunter2' }));
    expect(short.length).to.equal(1);
    expect(short[0] ?? '').to.match(/^AUTH_JWT_SECRET: /);
    expect(short[0]).to.not.include('hunter2');
  });
});

describe('NODE_ENV', () => {
  const secret = { AUTH_JWT_SECRET: 's'.repeat(32) };

  it('means development or test only for development, dev and test (any case) or unset', () => {
    for (const nodeEnv of [
      undefined,
      '',
      'development',
      'Development',
      'dev',
      'DEV',
      'test',
      'Test',
    ]) {
      const config = valid(loadConfig({ NODE_ENV: nodeEnv }));
      expect(config.production, String(nodeEnv)).to.equal(false);
      expect(config.authJwtSecret).to.equal(null);
    }
  });

  it('treats anything else as production, which requires AUTH_JWT_SECRET', () => {
    for (const nodeEnv of ['production', 'Production', 'PRODUCTION', 'prod', 'staging', 'live']) {
      expect(valid(loadConfig({ NODE_ENV: nodeEnv, ...secret })).production, nodeEnv).to.equal(
        true,
      );
      const refused = problems(loadConfig({ NODE_ENV: nodeEnv }));
      expect(refused, nodeEnv).to.have.length(1);
      expect(refused[0]).to.match(
        new RegExp(`^AUTH_JWT_SECRET: required when NODE_ENV=${nodeEnv}`),
      );
    }
  });
});

describe('LOG_FORMAT', () => {
  it('takes pretty or json, is unset (chosen by the terminal) by default, and refuses others', () => {
    expect(valid(loadConfig({ LOG_FORMAT: 'pretty' })).logFormat).to.equal('pretty');
    expect(valid(loadConfig({ LOG_FORMAT: 'json' })).logFormat).to.equal('json');
    expect(valid(loadConfig({})).logFormat).to.equal(null);
    expect(problems(loadConfig({ LOG_FORMAT: 'xml' }))).to.deep.equal([
      'LOG_FORMAT: must be one of pretty, json',
    ]);
  });

  it('defaults to pretty on a terminal and to JSON otherwise', () => {
    expect(defaultLogFormat(true)).to.equal('pretty');
    expect(defaultLogFormat(false)).to.equal('json');
  });
});

describe('npm start with a bad configuration', () => {
  it('exits with 1 and names the variable on stderr, without a stack trace', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'abc', AUTH_JWT_SECRET: '' };
    const run = spawnSync('npx', ['tsx', 'src/composition/main/server.ts'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/^PORT: /m);
    expect(run.stderr, run.stderr).to.not.include('    at ');
    expect(run.stdout).to.equal('');
  });
});
