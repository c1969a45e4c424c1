// Reads a chat surface's state and talks to it as its webview would, through the command the extension
// registers in test mode only (tests in the extension host cannot reach into a webview's DOM).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Conversation } from '../../../src/core/history/conversation';
import type { ChatState, ContextChip, ConversationSummary, Turn, WebviewToHost } from '../../../src/protocol';
import { fakeServerUrl } from './fakeServer';
import { setSetting } from './settings';
import { answerInputBoxes, captureMessages } from './window';

export interface ChatSnapshot {
  state: ChatState;
  chips: ContextChip[];
  history: ConversationSummary[];
  /** The conversation as persisted in globalState. */
  stored?: Conversation;
  markdown: string;
}

export type Surface = 'sidebar' | 'panel';

export async function chat(surface: Surface, message?: WebviewToHost): Promise<ChatSnapshot | undefined> {
  return vscode.commands.executeCommand<ChatSnapshot | undefined>('sidekick.test.chat', surface, message);
}

export async function snapshot(surface: Surface): Promise<ChatSnapshot> {
  const snap = await chat(surface);
  assert.ok(snap, `the ${surface} has no chat`);
  return snap;
}

/** Polls until `check` returns a value (not undefined/false), or fails with what it last saw. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function lastTurn(snap: ChatSnapshot): Turn | undefined {
  return snap.state.turns[snap.state.turns.length - 1];
}

/** Waits for the surface's last answer to finish (any status but streaming) and returns the snapshot. */
export async function answered(surface: Surface, timeoutMs?: number): Promise<ChatSnapshot> {
  return until(
    `the ${surface}'s answer to finish`,
    async () => {
      const snap = await chat(surface);
      const last = snap && lastTurn(snap);
      return snap && last?.role === 'assistant' && last.status !== 'streaming' && !snap.state.busy ? snap : undefined;
    },
    timeoutMs,
  );
}

/** Points Sidekick at the fake server with a key, as a user would set it up. */
export async function useFakeServer(key: string): Promise<void> {
  await setSetting('baseUrl', fakeServerUrl());
  const input = answerInputBoxes(key);
  const shown = captureMessages();
  try {
    await vscode.commands.executeCommand('sidekick.setApiKey');
  } finally {
    input.restore();
    shown.restore();
  }
}

export interface SentBody {
  input: { role: string; content: string }[];
  reasoning?: { effort?: string; summary?: string };
  text?: { verbosity?: string };
}

/**
 * Selects in `editor`'s document (showing it) and waits until the window reports that selection back:
 * a freshly shown editor may still report its initial selection, which would replace one set too early.
 */
export async function select(editor: vscode.TextEditor, selection: vscode.Selection): Promise<vscode.TextEditor> {
  return until('the selection to settle', async () => {
    const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn ?? vscode.ViewColumn.One, selection });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const active = vscode.window.activeTextEditor;
    return active?.document === shown.document && active.selection.isEqual(selection) ? active : undefined;
  });
}
