// The floor of the streaming benchmark (bench/workbench.ts): the least an extension can do to show a
// streamed answer. It reads the same Responses stream from the same server, takes the text deltas out
// of it and appends them as plain text to a webview panel, one post per interval, kept at the end by a
// reversed flex box as Sidekick's views are. No Markdown, no spinner, no status bar. Plain JavaScript,
// packed by the benchmark only.
const http = require('node:http');
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('sidekickFloor.stream', stream));
};

async function stream() {
  const config = vscode.workspace.getConfiguration('sidekickFloor');
  const panel = vscode.window.createWebviewPanel('sidekickFloor', 'Floor', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
  const nonce = String(Math.random()).slice(2);
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>html, body { height: 100%; margin: 0; } body { display: flex; flex-direction: column-reverse; overflow: auto; }</style>
</head><body><pre id="out" style="white-space: pre-wrap; margin: 0 20px"></pre><script nonce="${nonce}">
const out = document.getElementById('out');
const api = acquireVsCodeApi();
window.addEventListener('message', (event) => {
  if (event.data.text) out.append(event.data.text);
  if (event.data.done) document.body.dataset.done = 'true';
});
api.postMessage('ready');
</script></body></html>`;
  await new Promise((resolve) => panel.webview.onDidReceiveMessage(resolve));
  // The same beat as Sidekick's channel: one post per interval while text flows, counted from post to post.
  let pending = '';
  let timer;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    void panel.webview.postMessage({ text: pending });
    pending = '';
    timer = setTimeout(flush, config.get('intervalMs'));
  };
  const request = http.request(`${config.get('baseUrl')}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => {
      buffer += chunk;
      const events = buffer.split('\n\n');
      buffer = events.pop();
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event);
        const parsed = data && JSON.parse(data[1]);
        if (parsed && parsed.type === 'response.output_text.delta') {
          pending += parsed.delta;
          timer ??= setTimeout(flush, config.get('intervalMs'));
        }
      }
    });
    response.on('end', () => {
      clearTimeout(timer);
      if (pending) void panel.webview.postMessage({ text: pending });
      void panel.webview.postMessage({ done: true });
    });
  });
  request.end(JSON.stringify({ model: 'floor', input: 'floor', stream: true }));
}
