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
// The page carries the UI strings: the UI is built, and laid out, while the host prepares `init`, so
// opening a conversation only adds its turns.
setStrings(JSON.parse(document.body.dataset.strings ?? '{}') as Record<string, string>);
const newApp = (): ChatApp => new ChatApp(root, (out) => vscode.postMessage(out), vscode);
let app = newApp();
let awaitingInit = true;

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message.type === 'init') {
    // The host's full state: a re-sent one (another conversation attached to this view) gets a new UI.
    if (!awaitingInit) {
      app = newApp();
    }
    awaitingInit = false;
    document.body.dataset.host = message.host;
  }
  app.handle(message);
});

vscode.postMessage({ type: 'ready' } satisfies WebviewToHost);
warmUpRendering();
