import * as vscode from 'vscode';
import type { NetworkSettings } from './core/api/network';
import { readSettings, type Settings } from './core/settings';
import { Disposable } from './disposable';

/** The current settings snapshot, re-read when a `sidekick.*` setting changes. */
export class Config extends Disposable {
  private _current: Settings = Config.read();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sidekick')) {
          this._current = Config.read();
          this._onDidChange.fire(this._current);
        }
      }),
    );
  }

  get current(): Settings {
    return this._current;
  }

  private static read(): Settings {
    const cfg = vscode.workspace.getConfiguration('sidekick');
    return readSettings((key, fallback) => cfg.get(key, fallback));
  }
}

/** VS Code's own `http.*` settings that decide how Sidekick connects (read for each request). */
export function networkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get('proxy', ''),
    noProxy: http.get<string[]>('noProxy', []),
    proxyAuthorization: http.get<string | null>('proxyAuthorization', null) ?? '',
    proxyStrictSSL: http.get('proxyStrictSSL', true),
    proxySupport: http.get('proxySupport', 'override'),
  };
}
