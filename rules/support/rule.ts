/**
 * createRule: every rule gets its docs URL, its place in the configs (presets), and a `kube` context that answers
 * "which Kubernetes objects are in this file" and "what does the rest of the repository hold" — each computed once
 * per file / per run and shared by all rules.
 */
import path from "node:path";
import type { Rule } from "eslint";
import type { AST } from "yaml-eslint-parser";
import { extractManifests } from "../../core/manifest/extract.js";
import type { LintedObject, ManifestFile } from "../../core/manifest/model.js";
import { nodeAt, type YContent, type YMapping } from "../../core/manifest/yaml-ast.js";
import { normalizeSettings, type KubeSettings } from "../../core/settings.js";
import { getNamespaceCatalog, type NamespaceCatalog } from "../../core/tenancy/namespaces.js";
import { findRepositoryRoot } from "../../core/workspace/scan.js";
import { getWorkspace, type Workspace } from "../../core/workspace/workspace.js";

export const REPOSITORY_URL = "https://github.com/eslint-plugin-kube/eslint-plugin-kube";

export function docsUrl(ruleName: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleName}.md`;
}

export type Severity = "error" | "warn";

/** How a rule is turned on by a config: its severity and options there. */
export interface Preset {
  severity: Severity;
  options?: unknown[];
}

export interface Presets {
  /** Trusted teams sharing a cluster: stop human error. */
  recommended?: Preset;
  /** Untrusted tenants: stop malice. Superset of recommended. */
  strict?: Preset;
}

export interface KubeDocs {
  description: string;
  /** Which configs enable the rule, with which options; the configs are derived from this at load time. */
  presets: Presets;
  url: string;
}

export interface KubeRuleModule extends Rule.RuleModule {
  meta: Rule.RuleMetaData & { docs: KubeDocs };
}

/** What a rule may ask about the file being linted and its repository. */
export interface KubeContext {
  settings: KubeSettings;
  /** The Kubernetes objects of this file, with AST nodes. */
  file: ManifestFile<LintedObject>;
  /** The repository index, with this file's current text in it (not a processor's block's). Built on first call. */
  workspace(): Workspace;
  /** Namespaces and their tenants, from the workspace. */
  namespaces(): NamespaceCatalog;
}

interface RuleSpec {
  name: string;
  meta: Omit<Rule.RuleMetaData, "docs"> & { docs: Omit<KubeDocs, "url"> };
  create(context: Rule.RuleContext, kube: KubeContext): Rule.RuleListener;
}

export function createRule(spec: RuleSpec): KubeRuleModule {
  return {
    meta: { ...spec.meta, docs: { ...spec.meta.docs, url: docsUrl(spec.name) } },
    create(context) {
      return spec.create(context, kubeContext(context));
    },
  };
}

/**
 * One KubeContext per linted file, shared by every kube rule: with 15 rules on, building it per rule showed up in
 * profiles of 10,000-file repos (path resolution, settings lookups, closures). ESLint calls every rule's create() for
 * a file before it moves to the next file, so the cache holds one file: the last SourceCode seen.
 *
 * Not a WeakMap keyed by the SourceCode: V8's young-generation collector keeps a WeakMap's values alive while their
 * keys are, so every file's AST (reachable from its KubeContext) was promoted to the old generation and lived until
 * the next full collection — 9 full collections instead of 2 and +56 MB peak on a 10,000-file repository
 * (docs/performance.md, round 4).
 */
let current: { sourceCode: object; rawSettings: unknown; kube: KubeContext } | undefined;

/** The file's shared KubeContext (exported for bench/rule-timing.mjs, which times it apart from the rules). */
export function kubeContext(context: Rule.RuleContext): KubeContext {
  const rawSettings = (context.settings as Record<string, unknown> | undefined)?.kube;
  // Every rule of a file sees the same settings object; a mismatch (a test harness mixing configs) rebuilds.
  if (current && current.sourceCode === context.sourceCode && current.rawSettings === rawSettings) return current.kube;
  const kube = createKubeContext(context, normalizeSettings(rawSettings));
  current = { sourceCode: context.sourceCode, rawSettings, kube };
  return kube;
}

function createKubeContext(context: Rule.RuleContext, settings: KubeSettings): KubeContext {
  const sourceCode = context.sourceCode;
  const filePath = path.resolve(context.cwd, context.filename);
  const current = extractManifests(sourceCode.ast as unknown as AST.YAMLProgram, filePath);
  // A block another processor cut out of a file (`README.md/0.yaml`: a Markdown example) is not a file of the
  // repository: it is linted, but it does not join the index, so an example policy protects no real namespace.
  const isFile = context.physicalFilename === context.filename || path.resolve(context.cwd, context.physicalFilename) === filePath;
  let synced: Workspace | undefined;
  const workspace = (): Workspace => {
    if (synced) return synced;
    const ws = getWorkspace(resolveRoot(context, settings, filePath), settings);
    if (isFile) ws.syncLintedFile(filePath, sourceCode.text, current);
    return (synced = ws);
  };
  return {
    settings,
    file: current,
    workspace,
    namespaces: () => getNamespaceCatalog(workspace(), settings),
  };
}

function resolveRoot(context: Rule.RuleContext, settings: KubeSettings, filePath: string): string {
  if (settings.root) return path.resolve(context.cwd, settings.root);
  return findRepositoryRoot(path.dirname(filePath), context.cwd);
}

/** Where to report on an object: its `metadata.name` value when present, else the object's mapping. */
export function nameNode(obj: LintedObject): Rule.Node {
  return (nodeAt(obj.node, ["metadata", "name"]) ?? obj.node) as unknown as Rule.Node;
}

/** A YAML AST node as ESLint's report() wants it (the YAML language's nodes carry `loc` and `range`). */
export function asReportNode(node: YContent | YMapping): Rule.Node {
  return node as unknown as Rule.Node;
}
