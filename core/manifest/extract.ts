/**
 * YAML AST -> Kubernetes objects. Multi-document files, `kind: List` items, kustomization files; YAML that is not
 * Kubernetes (no string apiVersion + kind) is recognised and left alone. The object rules live in `collect.ts`,
 * shared with the index's cheap reader.
 */
import type { AST } from "yaml-eslint-parser";
import { collectManifests, type DocumentView, type MappingView } from "./collect.js";
import type { LintedObject, ManifestFile } from "./model.js";
import { nodeAt, unwrap, ValueBuilder, type YMapping } from "./yaml-ast.js";

export { isKustomizationFileName } from "./collect.js";

export function extractManifests(program: AST.YAMLProgram, filePath: string): ManifestFile<LintedObject> {
  const builder = new ValueBuilder();
  const view = (node: YMapping): MappingView<YMapping> => ({ value: builder.value(node), line: node.loc.start.line, node });
  const documents = program.body.map((doc): DocumentView<YMapping> => {
    const content = unwrap(doc.content);
    if (!content) return { content: "none", root: undefined, listItems: () => [] };
    if (content.type !== "YAMLMapping") return { content: "other", root: undefined, listItems: () => [] };
    return {
      content: "mapping",
      root: view(content),
      listItems: () => {
        const itemsNode = unwrap(nodeAt(content, ["items"]));
        const entries = itemsNode?.type === "YAMLSequence" ? itemsNode.entries : [];
        return entries.map((entry) => {
          const itemNode = unwrap(entry);
          return itemNode?.type === "YAMLMapping" ? view(itemNode) : undefined;
        });
      },
    };
  });
  return collectManifests(documents, filePath);
}
