// Draws the marketplace icon, media/icons/sidekick.png (128x128), from the SVG below. The PNG is committed,
// so only whoever changes the icon needs rsvg-convert (Debian: librsvg2-bin).
// The shape echoes the activity-bar icon (media/icons/sidekick.svg): a chat bubble with a spark.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#5b4bdb"/>
      <stop offset="1" stop-color="#1f8fb8"/>
    </linearGradient>
    <linearGradient id="spark" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ffd66b"/>
      <stop offset="1" stop-color="#ffad33"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
  <path d="M28 30a8 8 0 0 1 8-8h56a8 8 0 0 1 8 8v44a8 8 0 0 1-8 8H56l-20 18V82h0a8 8 0 0 1-8-8z" fill="#ffffff"/>
  <path d="M64 32l5.2 13.3L82.5 50.5 69.2 55.7 64 69 58.8 55.7 45.5 50.5 58.8 45.3z" fill="url(#spark)" stroke="#e08a00" stroke-width="1.5" stroke-linejoin="round"/>
  <circle cx="84" cy="34" r="3.5" fill="#ffc24d"/>
</svg>
`;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const source = path.join(mkdtempSync(path.join(tmpdir(), 'sidekick-icon-')), 'icon.svg');
writeFileSync(source, svg);
execFileSync('rsvg-convert', ['-w', '128', '-h', '128', '-o', path.join(root, 'media/icons/sidekick.png'), source]);
console.log('wrote media/icons/sidekick.png');
