// The chat webview's HTML, without any VS Code API so that the webview tests serve exactly this page.

export interface WebviewHtmlParts {
  /** `webview.cspSource`: the origin the extension's own files are served from. */
  cspSource: string;
  /** Fresh for every page: only the script carrying it may run. */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  host: 'sidebar' | 'panel';
  /** The display language, for screen readers and hyphenation (e.g. "zh-cn"). */
  lang: string;
  /** The UI strings in that language, keyed by StringKey: the webview builds its UI from them at load. */
  strings: Record<string, string>;
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page: a strict CSP (no inline code or styles, no network), the stylesheets and the app bundle. */
export function renderWebviewHtml(parts: WebviewHtmlParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${parts.cspSource}`,
    `font-src ${parts.cspSource}`,
    `img-src ${parts.cspSource} data:`,
    `script-src 'nonce-${parts.nonce}'`,
  ].join('; ');
  const styles = parts.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeAttribute(uri)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(parts.lang)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Sidekick</title>
  </head>
  <body data-host="${parts.host}" data-strings="${escapeAttribute(JSON.stringify(parts.strings))}">
    <div id="app" class="app"></div>
    <script nonce="${parts.nonce}" src="${escapeAttribute(parts.scriptUri)}"></script>
  </body>
</html>
`;
}
