import type { Rule } from "eslint";
import type { LintedObject } from "../core/manifest/model.js";
import { nodeAt, unwrap } from "../core/manifest/yaml-ast.js";
import { getGitOpsView, isFluxDelivery } from "../core/gitops/delivery.js";
import { getFluxInstalls, readFluxDelivery, type ControllerSettings, type FluxDelivery } from "../core/gitops/flux.js";
import type { NamespaceCatalog, TenantRef, TenantScope } from "../core/tenancy/namespaces.js";
import { getClusterScopes } from "../core/tenancy/cluster-scopes.js";
import { bindingSubjects } from "../core/tenancy/subjects.js";
import { isKustomizePatch } from "../core/workspace/kustomize-patches.js";
import type { Workspace } from "../core/workspace/workspace.js";
import { asReportNode, createRule, nameNode, type KubeContext } from "./support/rule.js";
import { TENANTS_OPTION } from "../core/tenancy/targets.js";

interface Options {
  tenants: TenantScope;
  /** Report a sourceRef into another namespace (unless the controller runs with --no-cross-namespace-refs=true). */
  crossNamespaceRefs: boolean;
  /** Report a targetNamespace outside the object's tenant. */
  foreignTargetNamespace: boolean;
}

const KIND_LABEL: Record<string, string> = { Kustomization: "Kustomization", HelmRelease: "HelmRelease" };

export default createRule({
  name: "require-flux-impersonation",
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description:
        "Require Flux Kustomizations and HelmReleases delivering into tenant namespaces to impersonate a tenant ServiceAccount",
      presets: {
        recommended: { severity: "error" },
        strict: { severity: "error", options: [{ tenants: "all", crossNamespaceRefs: true, foreignTargetNamespace: true }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: TENANTS_OPTION,
          crossNamespaceRefs: {
            type: "boolean",
            description: "Report a sourceRef / chartRef into another namespace unless the controller runs with --no-cross-namespace-refs=true.",
          },
          foreignTargetNamespace: { type: "boolean", description: "Report a targetNamespace outside the object's tenant." },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", crossNamespaceRefs: false, foreignTargetNamespace: false }],
    messages: {
      noServiceAccount:
        "Flux {{kind}} '{{name}}' delivers into tenant namespace '{{namespace}}' as {{identity}}. Set spec.serviceAccountName to a tenant ServiceAccount.",
      crossNamespaceRef:
        "Flux {{kind}} '{{name}}' of tenant '{{tenant}}' reads {{field}} from namespace '{{refNamespace}}'. Keep sources in '{{namespace}}', or run {{controller}} with --no-cross-namespace-refs=true.",
      foreignTarget:
        "Flux {{kind}} '{{name}}' of tenant '{{tenant}}' sets targetNamespace '{{target}}', {{owner}}. Target a namespace of tenant '{{tenant}}'.",
      unreadable: "Flux {{kind}} '{{name}}' in tenant namespace '{{namespace}}' cannot be read ({{why}}): fix it so its identity can be checked.",
      useServiceAccount: "Set spec.serviceAccountName: {{serviceAccount}} (the ServiceAccount bound in '{{namespace}}').",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    return {
      Program() {
        const objects = kube.file.objects.filter(isFluxDelivery);
        if (objects.length === 0) return;
        const ws = kube.workspace();
        if (isKustomizePatch(ws, kube.file.filePath)) return; // a fragment of an object, not one
        for (const obj of objects) checkObject(context, kube, ws, obj, options);
      },
    };
  },
});

function checkObject(context: Rule.RuleContext, kube: KubeContext, ws: Workspace, obj: LintedObject, options: Options): void {
  const catalog = kube.namespaces();
  const kind = KIND_LABEL[obj.kind] ?? obj.kind;
  const name = obj.name ?? "(unnamed)";
  const ownNamespaces = ws.effectiveNamespaces(obj);
  const own = firstTenant(catalog, ownNamespaces, options.tenants);
  const reported = new Set<string>();
  const report = (descriptor: Rule.ReportDescriptor & { messageId: string }) => {
    const key = `${descriptor.messageId}\u0000${JSON.stringify(descriptor.data)}`;
    if (reported.has(key)) return;
    reported.add(key);
    context.report(descriptor);
  };
  // One value per overlay that builds this file: a patch may add serviceAccountName or kubeConfig in one of them.
  for (const value of getGitOpsView(ws).effectiveValues(obj)) {
    const d = readFluxDelivery(obj, value);
    if (d.unreadable) {
      if (own) report({ node: nameNode(obj), messageId: "unreadable", data: { kind, name, namespace: own.namespace, why: d.unreadable } });
      continue;
    }
    if (d.kubeConfig) continue; // applied to another cluster, with that kubeconfig's identity
    const target = d.targetNamespace ? firstTenant(catalog, [d.targetNamespace], options.tenants) : undefined;
    const delivered = own ?? target;
    if (!delivered) continue;
    const installs = relevantInstalls(kube, ws, obj, d);
    if (!d.serviceAccountName && !(installs.length > 0 && installs.every((i) => i.defaultServiceAccount))) {
      report({
        node: nameNode(obj),
        messageId: "noServiceAccount",
        data: { kind, name, namespace: delivered.namespace, identity: identityOf(d) },
        suggest: serviceAccountSuggestion(context, ws, obj, own?.namespace),
      });
    }
    if (!own) continue; // a platform object in a system namespace: its refs and target are the platform's business
    if (options.crossNamespaceRefs && !(installs.length > 0 && installs.every((i) => i.noCrossNamespaceRefs))) {
      for (const ref of d.sourceRefs) {
        if (!ref.namespace || ownNamespaces.includes(ref.namespace)) continue;
        const path = [...ref.field.replace(/^spec\./, "").split("."), "namespace"];
        const node = nodeAt(obj.node, ["spec", ...path]);
        report({
          node: node ? asReportNode(node) : nameNode(obj),
          messageId: "crossNamespaceRef",
          data: { kind, name, tenant: own.tenant.name, field: ref.field, refNamespace: ref.namespace, namespace: own.namespace, controller: d.controller },
        });
      }
    }
    if (options.foreignTargetNamespace && d.targetNamespace && !ownNamespaces.includes(d.targetNamespace)) {
      const owner = catalog.tenantOf(d.targetNamespace, "all");
      if (owner?.name === own.tenant.name) continue;
      const node = nodeAt(obj.node, ["spec", "targetNamespace"]);
      report({
        node: node ? asReportNode(node) : nameNode(obj),
        messageId: "foreignTarget",
        data: { kind, name, tenant: own.tenant.name, target: d.targetNamespace, owner: owner ? `a namespace of tenant '${owner.name}'` : "a system namespace" },
      });
    }
  }
}

/** The first namespace of the list that is a tenant's under the scope, with its tenant. */
function firstTenant(catalog: NamespaceCatalog, namespaces: readonly string[], scope: TenantScope): { namespace: string; tenant: TenantRef } | undefined {
  for (const namespace of namespaces) {
    const tenant = catalog.tenantOf(namespace, scope);
    if (tenant) return { namespace, tenant };
  }
  return undefined;
}

function relevantInstalls(kube: KubeContext, ws: Workspace, obj: LintedObject, d: FluxDelivery): ControllerSettings[] {
  const scopes = getClusterScopes(ws, kube.settings.clusterRoots);
  const objectScopes = scopes.of(obj.filePath).map((s) => s.id);
  return getFluxInstalls(ws).relevant(d.controller, objectScopes, (file) => scopes.ownScope(file).id);
}

/** Who applies the object without impersonation: the controller itself, cluster-admin in a default install. */
function identityOf(d: FluxDelivery): string {
  return `${d.controller} itself (cluster-admin by default)`;
}

/** Fill in serviceAccountName when the object's tenant namespace binds exactly one of its ServiceAccounts. */
function serviceAccountSuggestion(
  context: Rule.RuleContext,
  ws: Workspace,
  obj: LintedObject,
  namespace: string | undefined,
): Rule.SuggestionReportDescriptor[] {
  if (!namespace) return [];
  const bound = new Set<string>();
  for (const binding of ws.inNamespace(namespace, "RoleBinding")) {
    for (const s of bindingSubjects(binding, ws, namespace)) if (s.kind === "ServiceAccount" && s.namespace === namespace) bound.add(s.name);
  }
  const spec = unwrap(nodeAt(obj.node, ["spec"]));
  if (bound.size !== 1 || spec?.type !== "YAMLMapping") return [];
  const serviceAccount = [...bound][0] as string;
  const text = context.sourceCode.text;
  const first = spec.pairs[0];
  return [
    {
      messageId: "useServiceAccount",
      data: { serviceAccount, namespace },
      fix: (fixer) => {
        if (spec.style === "flow") {
          const inner = `"serviceAccountName": ${JSON.stringify(serviceAccount)}`;
          return first ? fixer.insertTextBeforeRange(first.range, `${inner}, `) : fixer.insertTextAfterRange([spec.range[0], spec.range[0] + 1], inner);
        }
        const at = (first as NonNullable<typeof first>).range[0];
        const lineStart = text.lastIndexOf("\n", at - 1) + 1;
        return fixer.insertTextBeforeRange([at, at], `serviceAccountName: ${serviceAccount}\n${text.slice(lineStart, at)}`);
      },
    },
  ];
}
