import type { Rule } from "eslint";
import type { AST } from "yaml-eslint-parser";
import type { LintedObject } from "../core/manifest/model.js";
import { keyName, nodeAt, unwrap, type YContent } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import { matchesNamePattern } from "../core/settings.js";
import {
  DEFAULT_FIXTURE_FOLDERS,
  getEnvironmentMap,
  type EnvironmentMap, type EnvironmentNamespace, type Site } from "../core/tenancy/environment-map.js";
import { DEFAULT_PLATFORM_SUFFIXES } from "../core/tenancy/environments.js";

interface Options {
  /** "mixed": a cluster scope holding two or more environments; "any": every environment-named namespace. */
  mode: "mixed" | "any";
  allow: string[];
  platformSuffixes: string[];
  fixtureFolders: string[];
}

const SUBJECT: Record<Site["kind"], string> = {
  namespace: "Namespace '{ns}'",
  kustomization: "Namespace '{ns}' (set by this kustomization)",
  application: "Namespace '{ns}' (this Application's destination)",
  reference: "Namespace '{ns}' (used, not defined, here)",
};
/** Cap the list of other environments in a message: enough to find them, short enough to read. */
const MAX_LISTED = 4;

export default createRule({
  name: "no-environment-namespaces",
  meta: {
    type: "suggestion",
    docs: {
      description:
        "Disallow environments (dev/staging/prod…) split into namespaces of one cluster instead of a cluster per environment",
      presets: {
        recommended: { severity: "warn", options: [{ mode: "mixed" }] },
        strict: { severity: "error", options: [{ mode: "any" }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          mode: {
            enum: ["mixed", "any"],
            description: "mixed: a cluster scope with namespaces of 2+ environments; any: every environment-named namespace",
          },
          allow: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "namespaces never reported nor counted (exact names, or prefixes ending in `*`)",
          },
          platformSuffixes: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "last name segments that make a namespace a platform component, not an environment",
          },
          fixtureFolders: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "folders whose manifests are test fixtures, not deployments (not counted)",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        mode: "mixed",
        allow: [],
        platformSuffixes: [...DEFAULT_PLATFORM_SUFFIXES],
        fixtureFolders: [...DEFAULT_FIXTURE_FOLDERS],
      },
    ],
    messages: {
      mixed:
        "{{subject}} is the {{environment}} environment{{evidence}}, and {{scope}} also holds {{others}}. Give each environment its own cluster (or clusters/<name>/ folder).",
      alone:
        "{{subject}} names the {{environment}} environment{{evidence}} in {{scope}}. Run each environment in its own cluster; drop it from the name.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    const allowed = (namespace: string) => matchesNamePattern(namespace, options.allow);
    return {
      Program(program) {
        if (kube.file.fileKind === "empty") return;
        const ws = kube.workspace();
        const map = getEnvironmentMap(ws, kube.settings, options);
        for (const found of map.primaryIn(kube.file.filePath)) {
          if (allowed(found.namespace)) continue;
          const others = describeOthers(map, found, allowed, (site) => `${ws.relative(site.filePath)}:${site.line}`);
          if (others === "" && options.mode === "mixed") continue;
          const site = found.sites[0] as Site;
          const data = {
            subject: SUBJECT[site.kind].replace("{ns}", found.namespace),
            environment: found.environment.name,
            evidence: found.environment.evidence === "name" ? "" : ` (${found.environment.evidence})`,
            scope: found.scope.description,
            others,
          };
          const messageId = others === "" ? "alone" : "mixed";
          const node = reportNode(kube.file.objects, program as unknown as AST.YAMLProgram, site, found.namespace);
          if (node) context.report({ node, messageId, data });
          else context.report({ loc: { line: site.line, column: 0 }, messageId, data });
        }
      },
    };
  },
});

/** "prod ('app-prod' at clusters/a/ns.yaml:3), staging (...)", or "" when the scope holds one environment. */
function describeOthers(
  map: EnvironmentMap,
  found: EnvironmentNamespace,
  allowed: (namespace: string) => boolean,
  where: (site: Site) => string,
): string {
  const others = [...map.othersInScope(found, allowed)];
  const listed = others.slice(0, MAX_LISTED).map(([environment, namespaces]) => {
    const first = namespaces[0] as EnvironmentNamespace;
    const more = namespaces.length > 1 ? ` and ${namespaces.length - 1} more` : "";
    return `${environment} ('${first.namespace}' at ${where(first.sites[0] as Site)}${more})`;
  });
  if (others.length > MAX_LISTED) listed.push(`${others.length - MAX_LISTED} more environments`);
  return listed.join(", ");
}

/** The exact YAML node of a site in this file: the Namespace's name, or the `namespace:` value on that line. */
function reportNode(
  objects: readonly LintedObject[],
  program: AST.YAMLProgram,
  site: Site,
  namespace: string,
): Rule.Node | undefined {
  if (site.kind === "namespace") {
    const obj = objects.find((o) => o.kind === "Namespace" && o.name === namespace && o.line === site.line);
    return obj ? nameNode(obj) : undefined;
  }
  if (site.kind === "application") {
    const obj = objects.find((o) => o.kind === "Application" && o.line === site.line);
    const value = obj && nodeAt(obj.node, ["spec", "destination", "namespace"]);
    return value ? asReportNode(value) : undefined;
  }
  const value = namespaceValueOnLine(program, site.line);
  return value ? asReportNode(value) : undefined;
}

/** The value of a `namespace:` key written on `line` (kustomization `namespace:`, a workload's metadata.namespace). */
function namespaceValueOnLine(program: AST.YAMLProgram, line: number): YContent | undefined {
  const visit = (node: YContent | null | undefined): YContent | undefined => {
    const content = node?.type === "YAMLWithMeta" ? node.value : node;
    if (!content || content.type === "YAMLAlias" || content.type === "YAMLScalar") return undefined;
    if (content.loc.start.line > line || content.loc.end.line < line) return undefined;
    if (content.type === "YAMLSequence") {
      for (const entry of content.entries) {
        const hit = visit(entry);
        if (hit) return hit;
      }
      return undefined;
    }
    for (const pair of content.pairs) {
      if (pair.key?.loc.start.line === line && keyName(pair) === "namespace" && unwrap(pair.value)?.type === "YAMLScalar") {
        return pair.value ?? undefined;
      }
      const hit = visit(pair.value);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const doc of program.body) {
    const hit = visit(doc.content);
    if (hit) return hit;
  }
  return undefined;
}
