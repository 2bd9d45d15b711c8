import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { version } from '../../../src/version.js';

describe('version', () => {
  it("is the package's version, read from package.json", async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(version)
      .to.equal(pkg.version)
      .and.to.match(/^\d+\.\d+\.\d+/);
  });
});
