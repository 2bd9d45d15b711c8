import { OctokitIssueTracker } from '../../src/adapters/github/octokit-issue-tracker.js';
import { MarkdownFileIssueTracker } from '../../src/adapters/github/markdown-file-issue-tracker.js';
import { InMemoryIssueTracker } from '../../src/adapters/in-memory/in-memory-issue-tracker.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubStandIn } from '../support/github-stand-in.js';
import { issueTrackerContract } from './issue-tracker.contract.js';

const TOKEN = 'ghp_contractTestToken0000000000000000';

issueTrackerContract('InMemoryIssueTracker', async () => ({
  tracker: new InMemoryIssueTracker(),
  close: async () => undefined,
}));

issueTrackerContract('OctokitIssueTracker against the GitHub stand-in', async () => {
  const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
  return {
    tracker: new OctokitIssueTracker({
      token: TOKEN,
      repo: 'acme/app',
      baseUrl: github.url,
      inProcessThrottling: false,
    }),
    close: () => github.close(),
  };
});

issueTrackerContract('OctokitIssueTracker, search index lagging behind', async () => {
  // Only the scan of recent issues can see what was just created.
  const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app', searchLagMs: 60_000 });
  return {
    tracker: new OctokitIssueTracker({
      token: TOKEN,
      repo: 'acme/app',
      baseUrl: github.url,
      inProcessThrottling: false,
    }),
    close: () => github.close(),
  };
});

issueTrackerContract(
  'OctokitIssueTracker, issue beyond the scanned pages (search only)',
  async () => {
    const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
    return {
      tracker: new OctokitIssueTracker({
        token: TOKEN,
        repo: 'acme/app',
        baseUrl: github.url,
        inProcessThrottling: false,
        scanPages: 0,
      }),
      close: () => github.close(),
    };
  },
);

issueTrackerContract(
  'MarkdownFileIssueTracker (the outbox in data/github/)',
  async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bugport-github-outbox-'));
    return {
      tracker: new MarkdownFileIssueTracker({ directory: join(directory, 'data', 'github') }),
      close: () => rm(directory, { recursive: true, force: true }),
    };
  },
  // The "issue" is its file, named by the ticket.
  { url: /\/data\/github\/BUG-\d{4}-\d{4,}\.md$/ },
);
