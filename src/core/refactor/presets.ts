// The instructions Refactor Selection offers: the user's recent ones, their own presets, then the built-in ones.

/** How many recent instructions are kept. */
export const RECENT_LIMIT = 8;

export interface InstructionGroups {
  recent: string[];
  user: string[];
  builtIn: string[];
}

const key = (text: string) => text.trim().toLowerCase();

/** Each instruction once, in the first group that has it; blank entries and non-strings dropped. */
export function instructionGroups(builtIn: readonly string[], user: unknown, recent: unknown): InstructionGroups {
  const seen = new Set<string>();
  const take = (list: unknown) =>
    (Array.isArray(list) ? list : [])
      .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
      .map((item) => item.trim())
      .filter((item) => !seen.has(key(item)) && seen.add(key(item)));
  const recentItems = take(recent);
  const userItems = take(user);
  return { recent: recentItems, user: userItems, builtIn: take(builtIn) };
}

/** `recent` with `instruction` moved to the front, at most RECENT_LIMIT long. */
export function rememberInstruction(recent: unknown, instruction: string): string[] {
  const others = (Array.isArray(recent) ? recent : []).filter((item): item is string => typeof item === 'string' && key(item) !== key(instruction));
  return [instruction.trim(), ...others].slice(0, RECENT_LIMIT);
}
