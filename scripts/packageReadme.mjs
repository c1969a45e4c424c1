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
const relative = /\]\((?![a-z]+:|#)[^)]*\)/.exec(packaged);
if (relative) {
  console.error(`README.md: a relative link would be broken in the package: ${relative[0]}`);
  process.exit(1);
}
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
writeFileSync(out, packaged);
