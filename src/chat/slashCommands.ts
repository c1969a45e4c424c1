import * as vscode from 'vscode';
import type { Config } from '../config';
import { listPromptFiles } from '../context/promptFiles';
import { BUILTIN_SLASH_COMMANDS, type BuiltinSlash } from '../core/prompt/slashCommands';
import type { SlashCommand } from '../protocol';

function builtinDescription(name: BuiltinSlash): string {
  switch (name) {
    case 'explain':
      return vscode.l10n.t('Explain the selection (or the current file)');
    case 'fix':
      return vscode.l10n.t('Find and fix bugs in the selection');
    case 'tests':
      return vscode.l10n.t('Write tests for the selection');
    case 'doc':
      return vscode.l10n.t('Write documentation comments for the selection');
    case 'new':
      return vscode.l10n.t('Start a new chat');
  }
}

/** The built-in commands, then the prompt files (read afresh), whose name starts with `query`. */
export async function slashMatches(query: string, config: Config): Promise<SlashCommand[]> {
  const q = query.toLowerCase();
  const builtIn = BUILTIN_SLASH_COMMANDS.map((name): SlashCommand => ({ name, kind: 'builtin', description: builtinDescription(name) }));
  const prompts = (await listPromptFiles(config)).flatMap((found): SlashCommand[] =>
    found.parsed.ok
      ? [{ name: found.parsed.value.name, kind: 'prompt', description: found.parsed.value.description ?? '', source: found.path, ...(found.parsed.value.argumentHint ? { hint: found.parsed.value.argumentHint } : {}) }]
      : [],
  );
  return [...builtIn, ...prompts.filter((p) => !BUILTIN_SLASH_COMMANDS.includes(p.name as BuiltinSlash))].filter((c) => c.name.toLowerCase().startsWith(q));
}
