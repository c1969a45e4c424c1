import * as vscode from 'vscode';
import { contextTexts, withTexts, type ProjectContext } from '../core/context/projectContext';
import type { Logger } from '../core/types';
import type { AttachmentLabel, AttachmentSource } from '../protocol';
import { redactMode, scrubForSending, type OutgoingPart } from './secretCheck';
import type { Config } from '../config';

/** The chips a turn shows for its project context: "N definitions", instructions, problems. */
export function contextAttachments(ctx: ProjectContext, uri: string): AttachmentLabel[] {
  const out: AttachmentLabel[] = [];
  const { attached, signatures, omitted } = ctx.declarations;
  const definitions = [...attached, ...signatures];
  if (definitions.length) {
    out.push({
      kind: 'definitions',
      label: definitions.length === 1 ? vscode.l10n.t('1 definition') : vscode.l10n.t('{0} definitions', definitions.length),
      truncated: omitted.length > 0,
      detail: definitions.map((d) => `${d.names.join(', ')} (${d.path}:${d.startLine + 1})`).join('; '),
      sources: definitions.map((d) => ({ label: d.names.join(', '), uri: d.uri, line: d.startLine, description: d.path })),
    });
  }
  if (ctx.instructions.length) {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    out.push({
      kind: 'instructions',
      label: vscode.l10n.t('Instructions ({0})', ctx.instructions.map((f) => f.path).join(', ')),
      truncated: ctx.instructions.reduce((n, f) => n + f.text.trim().length, 0) > ctx.instructionsBudget,
      detail: ctx.instructions.map((f) => f.path).join(', '),
      sources: root ? ctx.instructions.map((f) => ({ label: f.path, uri: vscode.Uri.joinPath(root, f.path).toString(), line: 0 })) : [],
    });
  } else if (!vscode.workspace.isTrusted) {
    out.push({ kind: 'instructions', label: vscode.l10n.t('No project instructions: Restricted Mode'), truncated: false });
  }
  if (ctx.problems.length) {
    out.push({
      kind: 'problems',
      label: ctx.problems.length === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', ctx.problems.length),
      truncated: false,
      detail: ctx.problems.map((p) => `${p.line}: ${p.message}`).join('; '),
      sources: ctx.problems.map((p) => ({ label: p.message, uri, line: p.line - 1 })),
    });
  }
  return out;
}

/**
 * Checks every text of the context for secrets (with whatever else is about to be sent) per
 * `sidekick.redactSecrets`; undefined when the user cancels.
 */
export async function scrubWithContext(parts: OutgoingPart[], ctx: ProjectContext | undefined, config: Config, log: Logger): Promise<{ parts: OutgoingPart[]; context?: ProjectContext } | undefined> {
  const texts = ctx ? contextTexts(ctx) : [];
  const all = await scrubForSending(
    [
      ...parts,
      ...texts.map((t) => ({
        label: t.kind === 'instructions' ? vscode.l10n.t('the instructions {0}', t.path) : vscode.l10n.t('the definition of {0} in {1}', t.name, t.path),
        text: t.text,
      })),
    ],
    redactMode(config.current.values.redactSecrets),
    log,
  );
  if (!all) {
    return undefined;
  }
  return { parts: all.slice(0, parts.length), context: ctx && withTexts(ctx, all.slice(parts.length).map((p) => p.text)) };
}

/** Opens where an attachment came from: the place itself, or a quick pick of its places. */
export async function openSources(sources: AttachmentSource[]): Promise<void> {
  const source = sources.length === 1 ? sources[0] : (await vscode.window.showQuickPick(sources.map((s) => ({ ...s, description: s.description ?? `${s.line + 1}` })), { placeHolder: vscode.l10n.t('Open the source of this attachment') }));
  if (!source) {
    return;
  }
  const position = new vscode.Position(source.line, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(source.uri), { selection: new vscode.Range(position, position), preview: true });
}
