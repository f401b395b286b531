// Writes docs/rules.md from the rule list (npm run docs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown } from '../server/src/analysis/rules/docs';

fs.writeFileSync(path.join(__dirname, '..', 'docs', 'rules.md'), rulesMarkdown());
console.log('wrote docs/rules.md');
