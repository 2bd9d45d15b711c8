import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

/** Every folder under src/, as `domain/`, `adapters/http/`, …, and `src/` itself. */
function foldersOf(dir: string): string[] {
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => foldersOf(join(dir, entry.name)));
  const name = dir === SRC ? 'src/' : `${relative(SRC, dir)}/`;
  return [name, ...below];
}

/** The folders named in the first column of the layout table of docs/architecture.md. */
function describedFolders(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  return [...doc.matchAll(/^\| `([a-z0-9/-]+\/)` +\|/gm)].map((match) => match[1] ?? '');
}

describe('docs/architecture.md', () => {
  it('describes every folder under src/, and no folder that is not there', () => {
    const actual = foldersOf(SRC).sort();
    expect(describedFolders().sort()).to.deep.equal(actual);
  });
});
