// The errors and warnings VS Code reports inside the selected code, as the model reads them.

export interface Problem {
  severity: 'error' | 'warning';
  /** 1-based. */
  line: number;
  message: string;
  /** e.g. "ts", "eslint". */
  source?: string;
  code?: string;
}

/** The block that goes after the selection; empty without problems. */
export function problemsBlock(path: string, problems: Problem[]): string {
  if (problems.length === 0) {
    return '';
  }
  const items = problems.map((p) => {
    const origin = [p.source, p.code].filter(Boolean).join(' ');
    return `- ${p.severity} on line ${p.line}${origin ? ` (${origin})` : ''}: ${p.message.replace(/\s*\n\s*/g, ' ')}`;
  });
  return [`Problems VS Code reports in the selected code of \`${path}\`:`, ...items].join('\n');
}

/** The instruction of Fix with Sidekick: fix the diagnostic, change nothing else. */
export function fixInstruction(problem: Problem): string {
  const origin = [problem.source, problem.code].filter(Boolean).join(' ');
  return `Fix this ${problem.severity}${origin ? ` (${origin})` : ''} on line ${problem.line}: ${problem.message.replace(/\s*\n\s*/g, ' ')}. Change nothing else.`;
}

/** What Explain with Sidekick asks the model; the code around the problem follows as an attached context. */
export function explainProblemQuestion(problem: Problem, path: string, lines: string): string {
  return (
    `Explain this ${problem.severity} that VS Code reports on line ${problem.line} of \`${path}\` (in the code of lines ${lines}): ` +
    `${problem.message}\nSay what causes it and how to fix it, with the corrected code.`
  );
}
