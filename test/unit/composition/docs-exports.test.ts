import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** Every name a module exports, values and types alike, as the compiler sees them. */
function exportsOf(file: string): Set<string> {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`no module symbol for ${file}`);
  return new Set(checker.getExportsOfModule(symbol).map((exported) => exported.name));
}

/** The name a cell of an "export" column documents: `new X(…)`, `X.open(…)`, `X(…) → …`. */
const documentedName = (cell: string): string | undefined =>
  /^`(?:new )?([A-Za-z_$][\w$]*)/.exec(cell.trim())?.[1];

/** Every name of a cell that lists several: `` `A`, `new B(…)`, `c(x)` `` (not what `→` follows). */
const documentedNames = (cell: string): string[] =>
  [...(cell.split('→')[0] ?? '').matchAll(/`([^`]*)`/g)].map(
    ([, code]) => /^(?:new )?([A-Za-z_$][\w$]*)/.exec(code ?? '')?.[1] ?? `unparsed: ${code}`,
  );

/** First cells of the Markdown table under `heading`. */
function tableColumn(markdown: string, heading: string): string[] {
  const section = markdown.split(heading)[1]?.split(/\n#{1,3} /)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ')[0]?.slice(2) ?? '');
}

/** Names imported from 'bugport' (or 'bugport/core') in the page's code blocks. */
function importedNames(markdown: string): string[] {
  const names: string[] = [];
  for (const [, list] of markdown.matchAll(/import\s*\{([^}]*)\}\s*from\s*'bugport(?:\/core)?'/g)) {
    for (const item of (list ?? '').split(',')) {
      const name = item.replace(/^\s*type\s+/, '').trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe('the docs name only what bugport exports', () => {
  const exported = exportsOf('src/index.ts');
  const core = exportsOf('src/core.ts');

  it('lists exports in docs/persistence.md that src/index.ts really exports', async () => {
    const page = await readFile('docs/persistence.md', 'utf8');
    const names = tableColumn(page, '## Public API').map(documentedName);
    expect(names).to.deep.equal([
      'createSequelize',
      'migrate',
      'pendingMigrations',
      'revertMigrations',
    ]);
    expect(names.filter((name) => !name || !exported.has(name))).to.deep.equal([]);
  });

  for (const [entry, file, heading] of [
    ['bugport', 'src/index.ts', '### `bugport`\n'],
    ['bugport/core', 'src/core.ts', '### `bugport/core`\n'],
  ] as const) {
    it(`documents every export of ${file} in docs/embedding.md's Public API, and nothing else`, async () => {
      const page = await readFile('docs/embedding.md', 'utf8');
      const documented = tableColumn(page, heading).flatMap(documentedNames);
      const actual = entry === 'bugport' ? exported : core;
      expect(documented, 'documented twice').to.deep.equal([...new Set(documented)]);
      expect([...documented].sort(), entry).to.deep.equal([...actual].sort());
    });
  }

  it('exports no delivery transition or wiring internals a host could bypass the use cases with', () => {
    const internal = [...exported, ...core].filter((name) =>
      /^mark[A-Z]|Module$|^buildContainer$|^TOKENS$|^resolve$|^Services$/.test(name),
    );
    expect(internal).to.deep.equal([]);
  });

  it("imports from 'bugport' in docs/embedding.md only names that exist", async () => {
    const page = await readFile('docs/embedding.md', 'utf8');
    const names = importedNames(page);
    expect(names).to.include('createBugport');
    expect(names.filter((name) => !exported.has(name))).to.deep.equal([]);
  });
});
