import * as vscode from 'vscode';
import { isDependencyPath, type Declaration } from '../core/context/definitions';
import { usedNames, usesHashComments } from '../core/context/identifiers';

/** At most this many distinct names of a selection are looked up (the most used ones). */
const MAX_NAMES = 24;

/** Symbols that are parts of a declaration: their whole parent (the interface, class, enum) goes instead. */
const VALUE_KINDS = new Set([vscode.SymbolKind.Variable, vscode.SymbolKind.Constant, vscode.SymbolKind.Property, vscode.SymbolKind.Field]);
const MEMBER_KINDS = new Set([vscode.SymbolKind.Property, vscode.SymbolKind.Field, vscode.SymbolKind.EnumMember, vscode.SymbolKind.Key, vscode.SymbolKind.TypeParameter]);

type Found = vscode.Location | vscode.LocationLink;

/**
 * Finds the declarations the code in `range` of `document` uses but does not define, through the
 * language's definition and type-definition providers, and reports each one through `found` as soon as it
 * is known: the caller decides how long to wait. Definitions outside the workspace (the language's standard
 * library) are left out; those in dependency folders are marked as such.
 */
export async function findDeclarations(document: vscode.TextDocument, range: vscode.Range, found: (d: Declaration) => void, isCanceled: () => boolean): Promise<void> {
  const text = document.getText(range);
  const base = document.offsetAt(range.start);
  // Each file read once per request, however many definitions point into it.
  const sources = new Map<string, Promise<Source | undefined>>();
  const sourceOf = (uri: vscode.Uri) => {
    const key = uri.toString();
    if (!sources.has(key)) sources.set(key, key === document.uri.toString() ? Promise.resolve(openSource(document)) : readSource(uri));
    return sources.get(key)!;
  };
  await Promise.all(
    usedNames(text, MAX_NAMES, usesHashComments(document.languageId)).map(async (used) => {
      const position = document.positionAt(base + used.offset);
      const report = async (command: string): Promise<boolean> => {
        let typed = false;
        for (const location of await locations(command, document.uri, position)) {
          if (isCanceled()) return false;
          // The language's standard library: neither its declaration nor its type goes.
          if (!vscode.workspace.getWorkspaceFolder(targetUri(location))) continue;
          const declaration = await declarationAt(location, document, range, sourceOf);
          if (declaration && !isCanceled()) {
            found({ ...declaration, names: [used.name], uses: used.count });
          }
          typed ||= !declaration || declaration.valueLike;
        }
        return typed;
      };
      // A function, class or type is its own declaration; a variable, parameter or property also brings its
      // type's. Asking for type definitions only then keeps the language server's queue short.
      if (await report('vscode.executeDefinitionProvider')) {
        await report('vscode.executeTypeDefinitionProvider');
      }
    }),
  );
}

async function locations(command: string, uri: vscode.Uri, position: vscode.Position): Promise<Found[]> {
  try {
    return (await vscode.commands.executeCommand<Found[] | undefined>(command, uri, position)) ?? [];
  } catch {
    // A language without the provider, or one that failed: nothing to attach for this name.
    return [];
  }
}

function targetUri(location: Found): vscode.Uri {
  return 'targetUri' in location ? location.targetUri : location.uri;
}

/** A file's lines as a definition's positions see them, and what identifies this state of it. */
interface Source {
  lines: string[];
  languageId: string;
  version: string;
}

function openSource(document: vscode.TextDocument): Source {
  return { lines: document.getText().split(/\r?\n/), languageId: document.languageId, version: `open:${document.version}` };
}

/**
 * A file the definition points into: the open document when there is one (its unsaved text is what the
 * positions refer to), else the file on disk. Not opened as a document: that loads a model in the window and
 * has the language server open and check the file, which costs more than the request itself, and VS Code
 * drops such documents again after a while, so every request would pay it anew.
 */
async function readSource(uri: vscode.Uri): Promise<Source | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    return openSource(open);
  }
  try {
    const [stat, bytes] = await Promise.all([vscode.workspace.fs.stat(uri), vscode.workspace.fs.readFile(uri)]);
    const extension = uri.path.slice(uri.path.lastIndexOf('.') + 1);
    return { lines: new TextDecoder().decode(bytes).split(/\r?\n/), languageId: extension, version: `disk:${stat.mtime}:${stat.size}` };
  } catch {
    return undefined;
  }
}

/** The whole declaration a definition in the workspace points into; undefined when it is the selection's own. */
async function declarationAt(
  location: Found,
  selectionDocument: vscode.TextDocument,
  selection: vscode.Range,
  sourceOf: (uri: vscode.Uri) => Promise<Source | undefined>,
): Promise<(Omit<Declaration, 'names' | 'uses'> & { valueLike: boolean }) | undefined> {
  const uri = targetUri(location);
  const at = 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
  const sameDocument = uri.toString() === selectionDocument.uri.toString();
  if (sameDocument && selection.contains(at)) {
    return undefined;
  }
  const source = await sourceOf(uri);
  if (!source || at.start.line >= source.lines.length) {
    return undefined;
  }
  const { symbol, innermost } = enclosingDeclaration(await outline(uri, source.version), at);
  const span = symbol?.range ?? ('targetRange' in location ? location.targetRange : new vscode.Range(at.start.line, 0, at.start.line, 0));
  // A parameter or local of the function the selection is in: that function is not a definition it uses.
  if (sameDocument && span.contains(selection)) {
    return undefined;
  }
  const path = vscode.workspace.asRelativePath(uri, false);
  const endLine = Math.min(span.end.line, source.lines.length - 1);
  return {
    path,
    uri: uri.toString(),
    languageId: source.languageId,
    startLine: span.start.line,
    endLine,
    text: source.lines.slice(span.start.line, endLine + 1).join('\n'),
    dependency: isDependencyPath(path),
    valueLike: !innermost || VALUE_KINDS.has(innermost.kind),
  };
}

/** The declaration containing `at`: the innermost symbol, or a member's parent instead of the member. */
function enclosingDeclaration(symbols: vscode.DocumentSymbol[], at: vscode.Range): { symbol?: vscode.DocumentSymbol; innermost?: vscode.DocumentSymbol } {
  const chain: vscode.DocumentSymbol[] = [];
  let level = symbols;
  for (;;) {
    const inside = level.find((s) => s.range.contains(at));
    if (!inside) break;
    chain.push(inside);
    level = inside.children ?? [];
  }
  const innermost = chain[chain.length - 1];
  while (chain.length > 1 && MEMBER_KINDS.has(chain[chain.length - 1].kind)) {
    chain.pop();
  }
  return { symbol: chain[chain.length - 1], innermost };
}

/** Outlines by file version: a file that did not change is not outlined again for the next request. */
const outlines = new Map<string, { version: string; symbols: Promise<vscode.DocumentSymbol[]> }>();
const OUTLINES_KEPT = 200;

function outline(uri: vscode.Uri, version: string): Promise<vscode.DocumentSymbol[]> {
  const key = uri.toString();
  const cached = outlines.get(key);
  if (cached && cached.version === version) {
    return cached.symbols;
  }
  const symbols = Promise.resolve(
    vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri),
  ).then(
    (items) => (items ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s),
    () => [],
  );
  // An empty outline may come from a language server that is still starting: asked again next time.
  void symbols.then((found) => found.length === 0 && outlines.get(key)?.symbols === symbols && outlines.delete(key));
  outlines.delete(key);
  outlines.set(key, { version, symbols });
  if (outlines.size > OUTLINES_KEPT) outlines.delete(outlines.keys().next().value!);
  return symbols;
}
