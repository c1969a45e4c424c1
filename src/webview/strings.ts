// The UI strings, localized by the host (webviewStrings.ts) and carried by the page (htmlTemplate.ts).
import type { StringKey } from '../protocol';

let strings: Record<string, string> = {};

export function setStrings(next: Record<string, string>): void {
  strings = next;
}

/** The string for `key` with `{0}`, `{1}`… replaced by `args`; the key itself if the page has none. */
export function t(key: StringKey, ...args: (string | number)[]): string {
  const template = strings[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
