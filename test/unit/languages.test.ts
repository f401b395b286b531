/** File names to language ids: the CLI walk and the extension agree on which extractor reads a file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { LANGUAGE_IDS, languageIdForPath } from '../../server/src/analysis/languages';

describe('languageIdForPath', () => {
  const cases: [string, string][] = [
    ['repo/Makefile', 'makefile'],
    ['repo/GNUmakefile', 'makefile'],
    ['repo/build/rules.mk', 'makefile'],
    ['repo/Dockerfile', 'dockerfile'],
    ['repo/Dockerfile.prod', 'dockerfile'],
    ['repo/app.dockerfile', 'dockerfile'],
    ['repo/Containerfile', 'dockerfile'],
    ['repo/Jenkinsfile', 'groovy'],
    ['repo/ci/deploy.groovy', 'groovy'],
    ['repo/.github/workflows/deploy.yml', 'yaml'],
    ['repo/.gitlab-ci.yml', 'yaml'],
    ['repo/package.json', 'json'],
    ['repo/makefile.txt', 'plaintext'],
  ];
  for (const [file, id] of cases) it(`${file} -> ${id}`, () => assert.equal(languageIdForPath(file), id));

  it('has an extractor for every language id it gives, except plain text', () => {
    for (const id of LANGUAGE_IDS) if (id !== 'plaintext') assert.ok(extractorFor(id), id);
  });
});
