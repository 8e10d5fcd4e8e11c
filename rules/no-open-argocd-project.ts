import type { Rule } from "eslint";
import type { LintedObject } from "../core/manifest/model.js";
import { nodeAt } from "../core/manifest/yaml-ast.js";
import { isArgo } from "../core/gitops/delivery.js";
import {
  allowsClusterKind,
  allowsNamespace,
  allowsNamespacedKind,
  DEFAULT_PROJECT,
  getArgoIndex,
  globMatch,
  readAppProject,
  readArgoDelivery,
  type AppProjectView,
} from "../core/gitops/argocd.js";
import type { NamespaceCatalog, TenantScope } from "../core/tenancy/namespaces.js";
import { getTenantSubjects } from "../core/tenancy/subjects.js";
import { isKustomizePatch } from "../core/workspace/kustomize-patches.js";
import { asReportNode, createRule, nameNode, type KubeContext } from "./support/rule.js";
import { TENANTS_OPTION } from "../core/tenancy/targets.js";

interface Options {
  tenants: TenantScope;
  /** strict: every cluster-scoped kind, and walls (NetworkPolicy, ResourceQuota, LimitRange) left writable. */
  strictKinds: boolean;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC_KINDS = ["ClusterRole", "ClusterRoleBinding"];
/** Namespaced kinds that wall a tenant in: its own repository must not be able to delete them. */
const WALLS: [string, string][] = [
  ["networking.k8s.io", "NetworkPolicy"],
  ["", "ResourceQuota"],
  ["", "LimitRange"],
];
/** Namespaces every cluster has: a destination pattern that reaches them reaches beyond any tenant. */
const PROBE_NAMESPACES = ["kube-system", "default", "kube-public"];

export default createRule({
  name: "no-open-argocd-project",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow Argo CD AppProjects a tenant uses that open other namespaces or cluster-scoped kinds, and tenant Applications in the `default` project",
      presets: {
        recommended: { severity: "error" },
        strict: { severity: "error", options: [{ tenants: "all", strictKinds: true }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: TENANTS_OPTION,
          strictKinds: {
            type: "boolean",
            description: "Report every allowed cluster-scoped kind, and NetworkPolicy/ResourceQuota/LimitRange left writable without sync impersonation.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", strictKinds: false }],
    messages: {
      openDestination:
        "AppProject '{{project}}' ({{usedBy}}) allows namespace '{{pattern}}', reaching {{reaches}}. List only the tenant's namespaces.",
      clusterKind:
        "AppProject '{{project}}' ({{usedBy}}) whitelists cluster-scoped {{what}}, applied as Argo CD's controller. Remove it from clusterResourceWhitelist.",
      sourceNamespaces:
        "AppProject '{{project}}' ({{usedBy}}) has sourceNamespaces '*': Applications of any namespace may use it. List the tenant's namespaces.",
      wallsWritable:
        "AppProject '{{project}}' ({{usedBy}}) lets tenant apps change {{kinds}}. Blacklist them in namespaceResourceBlacklist, or set destinationServiceAccounts.",
      defaultProject:
        "{{kind}} '{{name}}' delivers into tenant namespace '{{namespace}}' through the open 'default' project. Use the tenant's AppProject.",
      sharedProject:
        "AppProject '{{project}}' lists namespaces of several tenants ({{usedBy}}): each can write into the others'. Give each tenant its own AppProject.",
      unreadable: "AppProject '{{project}}' cannot be read ({{fields}} of the wrong type): fix it so its limits can be checked.",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    return {
      Program() {
        const objects = kube.file.objects.filter((o) => isArgo(o, "AppProject") || isArgo(o, "Application") || isArgo(o, "ApplicationSet"));
        if (objects.length === 0 || isKustomizePatch(kube.workspace(), kube.file.filePath)) return;
        for (const obj of objects) {
          if (isArgo(obj, "AppProject")) checkProject(context, kube, obj, options);
          else checkApplication(context, kube, obj, options);
        }
      },
    };
  },
});

/** Applications delivering into a tenant namespace through the built-in (open) default project. */
function checkApplication(context: Rule.RuleContext, kube: KubeContext, obj: LintedObject, options: Options): void {
  const delivery = readArgoDelivery(obj);
  const namespace = delivery?.destination.namespace;
  if (!delivery || delivery.project !== DEFAULT_PROJECT || delivery.destination.templated || !namespace) return;
  if (!kube.namespaces().tenantOf(namespace, options.tenants)) return;
  // A `default` AppProject in the repository replaces the open one: the project check judges it.
  if (getArgoIndex(kube.workspace()).projects.has(DEFAULT_PROJECT)) return;
  const project = nodeAt(obj.node, obj.kind === "ApplicationSet" ? ["spec", "template", "spec", "project"] : ["spec", "project"]);
  context.report({
    node: project ? asReportNode(project) : nameNode(obj),
    messageId: "defaultProject",
    data: { kind: obj.kind, name: obj.name ?? "(unnamed)", namespace },
  });
}

/**
 * The tenants using a project: those whose groups its roles name, or whose namespaces its Applications deliver into;
 * when neither says, the tenants whose namespaces its destinations list.
 */
function tenantsUsing(kube: KubeContext, project: AppProjectView, options: Options): { owners: Set<string>; byDestination: boolean } {
  const catalog = kube.namespaces();
  const owners = new Set<string>();
  const subjects = getTenantSubjects(kube.workspace(), kube.settings);
  for (const group of project.groups) {
    for (const t of subjects.tenanciesOf({ kind: "Group", name: group, namespace: undefined }, options.tenants)) {
      if (!t.everyone) owners.add(t.tenant ?? group);
    }
  }
  for (const app of getArgoIndex(kube.workspace()).deliveriesByProject.get(project.name) ?? []) {
    const ns = app.destination.namespace;
    const tenant = ns && !app.destination.templated ? catalog.tenantOf(ns, options.tenants) : undefined;
    if (tenant) owners.add(tenant.name);
  }
  if (owners.size > 0) return { owners, byDestination: false };
  for (const d of project.destinations) {
    // A bare `*` is every project's catch-all (the platform's too): it is not evidence that a tenant uses this one.
    if (d.deny || d.namespace === "*" || d.namespace === "") continue;
    for (const ns of matchingNamespaces(catalog, d.namespace, options.tenants)) owners.add(catalog.tenantOf(ns, options.tenants)?.name as string);
  }
  return { owners, byDestination: true };
}

function matchingNamespaces(catalog: NamespaceCatalog, pattern: string, scope: TenantScope): string[] {
  if (!pattern.includes("*") && !pattern.includes("?")) return catalog.tenantOf(pattern, scope) ? [pattern] : [];
  return catalog.tenantNamespaces(scope).map((info) => info.name).filter((name) => globMatch(pattern, name));
}

function checkProject(context: Rule.RuleContext, kube: KubeContext, obj: LintedObject, options: Options): void {
  const project = readAppProject(obj);
  const { owners: tenants, byDestination } = tenantsUsing(kube, project, options);
  if (tenants.size === 0) return;
  const name = project.name || "(unnamed)";
  if (project.unreadable.length > 0) {
    context.report({ node: nameNode(obj), messageId: "unreadable", data: { project: name, fields: project.unreadable.join(", ") } });
    return;
  }
  const usedBy = `used by tenant${tenants.size > 1 ? "s" : ""} ${[...tenants].sort().map((t) => `'${t}'`).join(", ")}`;
  const at = (path: (string | number)[]) => {
    const node = nodeAt(obj.node, path);
    return node ? asReportNode(node) : nameNode(obj);
  };
  const catalog = kube.namespaces();
  if (byDestination && tenants.size > 1) {
    context.report({ node: at(["spec", "destinations"]), messageId: "sharedProject", data: { project: name, usedBy } });
  }

  // Destinations that reach namespaces beyond the project's tenants (deny entries applied).
  for (const d of project.destinations) {
    if (d.deny) continue;
    const reached = reachedNamespaces(catalog, project, d.namespace).filter((ns) => !tenants.has(catalog.tenantOf(ns, "all")?.name ?? ""));
    if (reached.length === 0) continue;
    context.report({
      node: at(["spec", "destinations", d.index, "namespace"]),
      messageId: "openDestination",
      data: { project: name, usedBy, pattern: d.namespace, reaches: describeReached(catalog, reached) },
    });
  }

  // Cluster-scoped kinds: `*` and RBAC in recommended; any in strict.
  for (const gk of project.clusterWhitelist) {
    const rbac = RBAC_KINDS.filter((kind) => allowsClusterKind({ clusterWhitelist: [gk], clusterBlacklist: project.clusterBlacklist }, RBAC_GROUP, kind));
    const wildcard = gk.kind === "*";
    if (!wildcard && rbac.length === 0 && !options.strictKinds) continue;
    const what = wildcard ? `kinds '${gk.group || "core"}/*'` : rbac.length > 0 ? rbac.join(" and ") : `kind '${gk.kind}'`;
    context.report({ node: at(["spec", "clusterResourceWhitelist", gk.index]), messageId: "clusterKind", data: { project: name, usedBy, what } });
  }

  if (project.sourceNamespaces.includes("*")) {
    context.report({ node: at(["spec", "sourceNamespaces"]), messageId: "sourceNamespaces", data: { project: name, usedBy } });
  }

  if (options.strictKinds && !impersonatesEverywhere(project, kube)) {
    const writable = WALLS.filter(([group, kind]) => allowsNamespacedKind(project, group, kind)).map(([, kind]) => kind);
    if (writable.length > 0) {
      const node = nodeAt(obj.node, ["spec", "namespaceResourceBlacklist"]) ?? nodeAt(obj.node, ["spec"]);
      context.report({
        node: node ? asReportNode(node) : nameNode(obj),
        messageId: "wallsWritable",
        data: { project: name, usedBy, kinds: writable.join(", ") },
      });
    }
  }
}

/** The repository's namespaces (and the ones every cluster has) an allow pattern reaches past the deny entries. */
function reachedNamespaces(catalog: NamespaceCatalog, project: AppProjectView, pattern: string): string[] {
  if (pattern === "") return [];
  const candidates = new Set([...catalog.namespaces.keys(), ...PROBE_NAMESPACES]);
  return [...candidates].filter((ns) => globMatch(pattern, ns) && allowsNamespace(project, ns)).sort();
}

/** "other namespaces ('b-app') and system namespaces ('default', 'kube-system')", at most two of each. */
function describeReached(catalog: NamespaceCatalog, namespaces: readonly string[]): string {
  const tenant = namespaces.filter((ns) => catalog.tenantOf(ns, "all"));
  const system = namespaces.filter((ns) => !catalog.tenantOf(ns, "all"));
  const list = (names: string[]) => names.slice(0, 2).map((n) => `'${n}'`).join(", ") + (names.length > 2 ? ", …" : "");
  const parts: string[] = [];
  if (tenant.length > 0) parts.push(`other namespaces (${list(tenant)})`);
  if (system.length > 0) parts.push(`system namespaces (${list(system)})`);
  return parts.join(" and ");
}

/** Sync impersonation names a non-system ServiceAccount for every allowed destination. */
function impersonatesEverywhere(project: AppProjectView, kube: KubeContext): boolean {
  const allows = project.destinations.filter((d) => !d.deny);
  if (allows.length === 0 || project.destinationServiceAccounts.length === 0) return false;
  return allows.every((d) =>
    project.destinationServiceAccounts.some((sa) => {
      const saNamespace = sa.serviceAccount.includes(":") ? sa.serviceAccount.split(":")[0] : d.namespace;
      const platform = saNamespace !== undefined && kube.namespaces().tenantOf(saNamespace, "all") === undefined && !saNamespace.includes("*");
      return globMatch(sa.namespace || "*", d.namespace) && !platform;
    }),
  );
}
