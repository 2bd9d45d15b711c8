import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

interface LockEntry {
  readonly version?: string;
  readonly engines?: Record<string, string> | readonly string[];
  readonly dev?: boolean;
}

/** The lowest Node.js version a range such as `>=20.19` or `^18 || >=20` admits, as [major, minor]. */
function lowestNode(range: string): [number, number] | null {
  const lows = range
    .split('||')
    .map((part) => /(?:>=|\^|~)?\s*v?(\d+)(?:\.(\d+))?/.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null && !/^\s*</.test(m.input))
    .map((m): [number, number] => [Number(m[1]), Number(m[2] ?? 0)]);
  if (lows.length === 0) return null;
  return lows.sort((a, b) => a[0] - b[0] || a[1] - b[1])[0] ?? null;
}

describe('the Node.js versions bugport declares', () => {
  it('no installed package requires a newer Node.js than package.json engines admits', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const ours = lowestNode(pkg.engines.node);
    expect(ours, 'engines.node').to.not.equal(null);
    const [major, minor] = ours ?? [0, 0];
    const tooNew = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines))
      .flatMap(([path, entry]) => {
        const node = (entry.engines as Record<string, string>).node;
        const low = node ? lowestNode(node) : null;
        if (!low) return [];
        return low[0] > major || (low[0] === major && low[1] > minor)
          ? [`${path}@${entry.version ?? '?'} needs node ${node}`]
          : [];
      });
    expect(tooNew).to.deep.equal([]);
  });
});
