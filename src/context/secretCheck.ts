import * as vscode from 'vscode';
import { redact, scanSecrets, type SecretFinding, type SecretKind } from '../core/context/secretScan';
import type { Logger } from '../core/types';

export type RedactMode = 'ask' | 'redact' | 'off';

/** One piece of text about to be sent, with where it comes from for the warning. */
export interface OutgoingPart {
  /** Localized and short, read after "on line N of": e.g. "the selection in app.ts", "the file utils.py". */
  label: string;
  text: string;
}

/** How many findings the warning lists by name before summing up the rest. */
const LISTED = 5;

/**
 * Checks what is about to be sent for likely secrets, per `sidekick.redactSecrets`. Resolves to the parts
 * to send (each text redacted or not, everything else unchanged), or undefined when the user cancels.
 * Logs kinds and counts only, never a value.
 */
export async function scrubForSending<T extends OutgoingPart>(parts: readonly T[], mode: RedactMode, log?: Logger): Promise<T[] | undefined> {
  if (mode === 'off') {
    return [...parts];
  }
  const scanned = parts.map((part) => ({ part, findings: scanSecrets(part.text) }));
  const all = scanned.flatMap(({ part, findings }) => findings.map((finding) => ({ part, finding })));
  if (all.length === 0) {
    return [...parts];
  }
  if (mode !== 'redact') {
    const redactAndSend = vscode.l10n.t('Redact and Send');
    const sendAnyway = vscode.l10n.t('Send Anyway');
    const lines = all.slice(0, LISTED).map(({ part, finding }) => vscode.l10n.t('{0} on line {1} of {2}', kindLabel(finding.kind), finding.line, part.label));
    if (all.length > LISTED) {
      lines.push(vscode.l10n.t('…and {0} more', all.length - LISTED));
    }
    const picked = await vscode.window.showWarningMessage(
      all.length === 1 ? vscode.l10n.t('This looks like a secret. Send it to the model?') : vscode.l10n.t('These look like secrets. Send them to the model?'),
      { modal: true, detail: `${lines.join('\n')}\n\n${vscode.l10n.t('Redact replaces each value with a placeholder such as [REDACTED:github-token].')}` },
      redactAndSend,
      sendAnyway,
    );
    if (picked === sendAnyway) {
      log?.info(`secret scan: sent unredacted at the user's choice (${summary(all.map((x) => x.finding))})`);
      return [...parts];
    }
    if (picked !== redactAndSend) {
      return undefined;
    }
  }
  log?.info(`secret scan: redacted ${summary(all.map((x) => x.finding))}`);
  return scanned.map(({ part, findings }) => (findings.length ? { ...part, text: redact(part.text, findings) } : part));
}

/** Reads the setting's value defensively: anything unknown asks. */
export function redactMode(value: unknown): RedactMode {
  return value === 'redact' || value === 'off' ? value : 'ask';
}

/** "github-token ×2, password ×1": kinds and counts, safe to log. */
function summary(findings: SecretFinding[]): string {
  const counts = new Map<SecretKind, number>();
  for (const f of findings) {
    counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

function kindLabel(kind: SecretKind): string {
  switch (kind) {
    case 'private-key':
      return vscode.l10n.t('A private key');
    case 'openai-key':
      return vscode.l10n.t('An OpenAI API key');
    case 'anthropic-key':
      return vscode.l10n.t('An Anthropic API key');
    case 'google-api-key':
      return vscode.l10n.t('A Google API key');
    case 'slack-token':
      return vscode.l10n.t('A Slack token');
    case 'stripe-key':
      return vscode.l10n.t('A Stripe secret key');
    case 'aws-access-key':
      return vscode.l10n.t('An AWS access key ID');
    case 'aws-secret-key':
      return vscode.l10n.t('An AWS secret access key');
    case 'github-token':
      return vscode.l10n.t('A GitHub token');
    case 'jwt':
      return vscode.l10n.t('A JSON Web Token');
    case 'bearer-token':
      return vscode.l10n.t('A bearer token');
    case 'connection-password':
      return vscode.l10n.t('A password in a connection string');
    case 'password':
      return vscode.l10n.t('A password');
    case 'secret':
      return vscode.l10n.t('A secret value');
  }
}
