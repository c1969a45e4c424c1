// The README that goes into the .vsix: the repository's README without its Screenshots section. The images
// are files of this repository, which has no public address the Marketplace could load them from, and a
// listing must not show broken images; a relative link elsewhere would break the same way, so none may be left.
//   node scripts/packageReadme.mjs <out-file>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/packageReadme.mjs <out-file>');
  process.exit(2);
}
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const packaged = readme.replace(/^## Screenshots\n[\s\S]*?(?=^## )/m, '');
// Code blocks show Markdown as text: a link there is an example, not a link.
const prose = packaged.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
const relative = /\]\((?![a-z]+:|#)[^)]*\)/.exec(prose);
if (relative) {
  console.error(`README.md: a relative link would be broken in the package: ${relative[0]}`);
  process.exit(1);
}
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, packaged);
