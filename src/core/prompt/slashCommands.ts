// Slash commands in the chat input: `/name argument`. The built-in ones and what each asks the model; prompt
// files are the other commands (promptFiles.ts beside this one).

export type BuiltinSlash = 'explain' | 'fix' | 'tests' | 'doc' | 'new';

export const BUILTIN_SLASH_COMMANDS: readonly BuiltinSlash[] = ['explain', 'fix', 'tests', 'doc', 'new'];

/** What the model reads for each built-in command that asks it something (`/new` only starts a new chat). */
export const BUILTIN_SLASH_PROMPTS: Record<Exclude<BuiltinSlash, 'new'>, string> = {
  explain: 'Explain what the attached code does, how it works and anything surprising in it.',
  fix: 'Find the bugs in the attached code and fix them. Show the corrected code and say briefly what was wrong.',
  tests: 'Write unit tests for the attached code, in the test framework the project already uses if it is apparent. Cover the edge cases.',
  doc: "Write documentation comments for the attached code in the language's usual style (JSDoc, docstrings, …). Show the code with the comments added.",
};

/** `/name rest` at the start of a message: the name and the argument after it. */
export function parseSlash(text: string): { name: string; argument: string } | undefined {
  const match = /^\/([\p{L}\p{N}_.-]+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
  return match ? { name: match[1], argument: (match[2] ?? '').trim() } : undefined;
}

/** The model's instruction for a built-in command, with what the user typed after it. */
export function builtinPrompt(name: Exclude<BuiltinSlash, 'new'>, argument: string): string {
  return argument ? `${BUILTIN_SLASH_PROMPTS[name]}\n\n${argument}` : BUILTIN_SLASH_PROMPTS[name];
}

/** A built-in command that asks the model (every one but `/new`). */
export function isBuiltinSlash(name: string): name is Exclude<BuiltinSlash, 'new'> {
  return Object.hasOwn(BUILTIN_SLASH_PROMPTS, name);
}
