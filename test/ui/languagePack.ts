// A stand-in display-language pack. VS Code only switches its display language (and so
// `vscode.env.language`, which picks Sidekick's package.nls.<lang>.json and l10n bundle) to a locale some
// installed extension contributes `localizations` for; the real packs come from the marketplace, which this
// machine cannot reach. This one translates none of VS Code's own strings, so VS Code stays English while
// Sidekick's own strings follow the locale, exactly as they would with the real pack installed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../../scripts/lib/codeServer';

const PUBLISHER = 'sidekick-test';

/**
 * Installs the stand-in pack for `locale` (e.g. 'zh-cn') into a profile, next to the extensions installed
 * there, and registers it where VS Code looks a display language up (userDataDir/languagepacks.json).
 */
export function installLanguagePack(profile: Profile, locale: string): void {
  const { extensionsDir, userDataDir } = profile;
  const name = `language-pack-${locale}`;
  const version = '0.0.1';
  const folder = `${PUBLISHER}.${name}-${version}`;
  const root = path.join(extensionsDir, folder);
  mkdirSync(path.join(root, 'translations'), { recursive: true });
  writeFileSync(path.join(root, 'translations/main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({
    name,
    publisher: PUBLISHER,
    version,
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  }));
  // User extensions are the ones listed in extensions.json; a folder alone is ignored.
  const registry = path.join(extensionsDir, 'extensions.json');
  const listed = JSON.parse(readFileSync(registry, 'utf8')) as unknown[];
  listed.push({
    identifier: { id: `${PUBLISHER}.${name}` },
    version,
    location: { $mid: 1, path: root, scheme: 'file' },
    relativeLocation: folder,
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  writeFileSync(registry, JSON.stringify(listed));
  // VS Code writes this cache when a pack is installed through it; the hash names the translations' cache folder.
  writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [locale]: {
      hash: `${name}-${version}`,
      extensions: [{ extensionIdentifier: { id: `${PUBLISHER}.${name}` }, version }],
      translations: { vscode: path.join(root, 'translations/main.i18n.json') },
      label: locale,
    },
  }));
}
