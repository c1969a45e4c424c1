import * as vscode from 'vscode';
import { isDependencyPath, type Declaration } from '../core/definitions';
import { usedNames, usesHashComments } from '../core/identifiers';

/** At most this many distinct names of a selection are looked up (the most used ones). */
const MAX_NAMES = 40;

/** Symbols that are parts of a declaration: their whole parent (the interface, class, enum) goes instead. */
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
  const symbols = new SymbolCache();
  await Promise.all(
    usedNames(text, MAX_NAMES, usesHashComments(document.languageId)).map(async (used) => {
      const position = document.positionAt(base + used.offset);
      const [definitions, typeDefinitions] = await Promise.all([
        locations('vscode.executeDefinitionProvider', document.uri, position),
        locations('vscode.executeTypeDefinitionProvider', document.uri, position),
      ]);
      for (const location of [...definitions, ...typeDefinitions]) {
        if (isCanceled()) return;
        const declaration = await declarationAt(location, document, range, symbols);
        if (declaration && !isCanceled()) {
          found({ ...declaration, names: [used.name], uses: used.count });
        }
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

/** The whole declaration a definition points into; undefined when it is the selection's own or outside the workspace. */
async function declarationAt(
  location: Found,
  selectionDocument: vscode.TextDocument,
  selection: vscode.Range,
  symbols: SymbolCache,
): Promise<Omit<Declaration, 'names' | 'uses'> | undefined> {
  const uri = 'targetUri' in location ? location.targetUri : location.uri;
  const at = 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
  const sameDocument = uri.toString() === selectionDocument.uri.toString();
  if (sameDocument && selection.contains(at)) {
    return undefined;
  }
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    return undefined;
  }
  const path = vscode.workspace.asRelativePath(uri, false);
  let document: vscode.TextDocument;
  try {
    document = sameDocument ? selectionDocument : await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
  const symbol = enclosingDeclaration(await symbols.of(uri), at);
  const span = symbol ?? ('targetRange' in location ? location.targetRange : document.lineAt(at.start.line).range);
  // A parameter or local of the function the selection is in: that function is not a definition it uses.
  if (sameDocument && span.contains(selection)) {
    return undefined;
  }
  const whole = new vscode.Range(span.start.line, 0, span.end.line, document.lineAt(span.end.line).text.length);
  return {
    path,
    uri: uri.toString(),
    languageId: document.languageId,
    startLine: whole.start.line,
    endLine: whole.end.line,
    text: document.getText(whole),
    dependency: isDependencyPath(path),
  };
}

/** The innermost symbol containing `at`; a member's parent instead of the member. */
function enclosingDeclaration(symbols: vscode.DocumentSymbol[], at: vscode.Range): vscode.Range | undefined {
  const chain: vscode.DocumentSymbol[] = [];
  let level = symbols;
  for (;;) {
    const inside = level.find((s) => s.range.contains(at));
    if (!inside) break;
    chain.push(inside);
    level = inside.children ?? [];
  }
  while (chain.length > 1 && MEMBER_KINDS.has(chain[chain.length - 1].kind)) {
    chain.pop();
  }
  return chain[chain.length - 1]?.range;
}

/** Each document's outline, asked for once per gathering. */
class SymbolCache {
  private readonly cache = new Map<string, Promise<vscode.DocumentSymbol[]>>();

  of(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
    const key = uri.toString();
    let symbols = this.cache.get(key);
    if (!symbols) {
      symbols = Promise.resolve(
        vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri),
      ).then(
        (items) => (items ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s),
        () => [],
      );
      this.cache.set(key, symbols);
    }
    return symbols;
  }
}
