// Entry of the chat webview (the sidebar view and the editor panel run the same app).
import type { HostToWebview, WebviewToHost } from '../protocol';
import { ChatApp, type Persisted } from './app';
import { warmUpRendering } from './markdown';
import { setStrings } from './strings';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): Persisted | undefined;
  setState(state: Persisted): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
let app: ChatApp | undefined;

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message.type === 'init') {
    // The host's full state and strings: (re)build the UI from them.
    setStrings(message.strings);
    document.body.dataset.host = message.host;
    app = new ChatApp(root, (out) => vscode.postMessage(out), vscode);
  }
  app?.handle(message);
});

vscode.postMessage({ type: 'ready' } satisfies WebviewToHost);
warmUpRendering();
