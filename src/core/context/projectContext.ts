// What goes with a request besides the selection: the declarations it uses, the project's instructions and
// the problems in it. Gathered by the host (src/context/), checked for secrets piece by piece, then turned
// into the text the model reads.

import { definitionsBlock, type PickedDeclarations } from './definitions';
import { instructionsBlock, type AttachedInstructions, type InstructionFile } from './instructions';
import { problemsBlock, type Problem } from './problems';

export interface ProjectContext {
  /** The selection's file, workspace-relative. */
  path: string;
  declarations: PickedDeclarations;
  instructions: InstructionFile[];
  instructionsBudget: number;
  problems: Problem[];
  /** The time box ran out before every lookup answered. */
  timedOut: boolean;
}

/** One text of the context that the secret scan looks at. */
export interface ContextText {
  kind: 'definition' | 'signature' | 'instructions';
  /** The declaration's names or the instruction file's path. */
  name: string;
  path: string;
  text: string;
}

export function emptyProjectContext(path: string, instructionsBudget: number): ProjectContext {
  return { path, declarations: { attached: [], signatures: [], omitted: [], chars: 0 }, instructions: [], instructionsBudget, problems: [], timedOut: false };
}

/** Every text the context would send, in a fixed order that `withTexts` takes back. */
export function contextTexts(ctx: ProjectContext): ContextText[] {
  return [
    ...ctx.declarations.attached.map((d) => ({ kind: 'definition' as const, name: d.names[0], path: d.path, text: d.text })),
    ...ctx.declarations.signatures.map((d) => ({ kind: 'signature' as const, name: d.names[0], path: d.path, text: d.text })),
    ...ctx.instructions.map((f) => ({ kind: 'instructions' as const, name: f.path, path: f.path, text: f.text })),
  ];
}

/** The same context with the texts of `contextTexts` replaced (e.g. redacted), in the same order. */
export function withTexts(ctx: ProjectContext, texts: string[]): ProjectContext {
  let i = 0;
  const next = () => texts[i++];
  return {
    ...ctx,
    declarations: {
      ...ctx.declarations,
      attached: ctx.declarations.attached.map((d) => ({ ...d, text: next() })),
      signatures: ctx.declarations.signatures.map((d) => ({ ...d, text: next() })),
    },
    instructions: ctx.instructions.map((f) => ({ ...f, text: next() })),
  };
}

/** What follows the selection in the user message: the declarations, then the problems. */
export function userContextBlock(ctx: ProjectContext): string {
  return [definitionsBlock(ctx.declarations), problemsBlock(ctx.path, ctx.problems)].filter((b) => b !== '').join('\n\n');
}

/** The project instructions for the system part of `input`. */
export function systemInstructions(ctx: ProjectContext): AttachedInstructions {
  return instructionsBlock(ctx.instructions, ctx.instructionsBudget);
}
