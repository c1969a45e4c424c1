import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderWebviewHtml } from './htmlTemplate';
import { webviewStrings } from './webviewStrings';

/** The chat webview's HTML for either host, with a fresh CSP nonce; it loads only files under media/. */
export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri, host: 'sidebar' | 'panel'): string {
  const media = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...path)).toString();
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: media('dist', 'webview.js'),
    styleUris: [media('dist', 'codicon.css'), media('chat.css')],
    host,
    lang: vscode.env.language,
    strings: webviewStrings(vscode.l10n),
  });
}
