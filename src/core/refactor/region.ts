// The span of a document an inline edit owns, in offsets, kept in step with every change to the document.

export interface Region {
  start: number;
  end: number;
}

/** One content change as vscode reports it (`TextDocumentContentChangeEvent`), in the offsets before it. */
export interface OffsetChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface FollowResult {
  region: Region;
  /** True when a change touched the region's own text (an insertion at either edge does not). */
  inside: boolean;
}

/**
 * The region after `changes`, which are the changes of one document event: non-overlapping, each in the offsets
 * from before the event. A change inside the region grows or shrinks it to cover the new text.
 */
export function followChanges(region: Region, changes: readonly OffsetChange[]): FollowResult {
  let { start, end } = region;
  let inside = false;
  // From the last change to the first, so every change's offsets are still those before the event.
  for (const change of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
    const changeEnd = change.rangeOffset + change.rangeLength;
    const delta = change.text.length - change.rangeLength;
    if (changeEnd <= start) {
      start += delta;
      end += delta;
    } else if (change.rangeOffset < end) {
      inside = true;
      start = Math.min(start, change.rangeOffset);
      end = Math.max(end, changeEnd) + delta;
    }
  }
  return { region: { start, end }, inside };
}
