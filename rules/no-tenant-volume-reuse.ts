import type { Rule } from "eslint";
import type { LintedObject } from "../core/manifest/model.js";
import { nodeAt } from "../core/manifest/yaml-ast.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import {
  claimRefNamespace,
  claimsOf,
  classReclaimPolicy,
  getStorageIndex,
  isPersistentVolume,
  isStorageClass,
  volumeReclaimPolicy,
  type StorageIndex,
} from "../core/tenancy/storage.js";
import { asReportNode, createRule, nameNode, type KubeContext } from "./support/rule.js";

interface Options {
  tenants: TenantScope;
}

type Report = Rule.RuleContext["report"];

export default createRule({
  name: "no-tenant-volume-reuse",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow volumes and StorageClasses that let one tenant's data outlive its claim, and claims pre-bound to volumes not reserved for them",
      presets: {
        strict: { severity: "error", options: [{ tenants: "all" }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: {
            enum: ["marked", "all"],
            description: "Tenant namespaces: marked ones (Capsule, kiosk, HNC, labels), or every non-system one.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked" }],
    messages: {
      classRetain:
        "StorageClass '{{name}}' keeps released volumes (reclaimPolicy {{policy}}) and {{use}}. Use reclaimPolicy: Delete.",
      volumeRetain:
        "PersistentVolume '{{name}}' has reclaim policy {{policy}}{{defaulted}} and {{use}}. Set persistentVolumeReclaimPolicy: Delete.",
      volumeForeignClaim:
        "PersistentVolume '{{name}}' is labelled for tenant '{{owner}}' but its claimRef reserves it for namespace '{{namespace}}' " +
        "of tenant '{{tenant}}'. Point claimRef at the owner's namespace.",
      claimNotReserved:
        "{{kind}} '{{name}}' in tenant namespace '{{namespace}}' pre-binds to PersistentVolume '{{volume}}', {{why}}. " +
        "Drop volumeName, or reserve the volume with claimRef.",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    return {
      Program() {
        const objects = kube.file.objects.filter(
          (o) => isStorageClass(o) || isPersistentVolume(o) || claimsOf(o).some((c) => c.volumeName),
        );
        if (objects.length === 0) return;
        const index = getStorageIndex(kube.workspace(), kube.settings, options.tenants);
        const report: Report = (descriptor) => context.report(descriptor);
        for (const obj of objects) {
          if (isStorageClass(obj)) checkClass(obj, index, report);
          else if (isPersistentVolume(obj)) checkVolume(obj, index, kube, report);
          else checkClaim(obj, index, kube, options, report);
        }
      },
    };
  },
});

function checkClass(obj: LintedObject, index: StorageIndex, report: Report): void {
  const policy = classReclaimPolicy(obj);
  if (policy === "Delete") return;
  const use = index.classUse(obj);
  if (!use) return;
  const field = nodeAt(obj.node, ["reclaimPolicy"]);
  report({
    node: field ? asReportNode(field) : nameNode(obj),
    messageId: "classRetain",
    data: { name: obj.name ?? "(unnamed)", policy, use: use.detail },
  });
}

function checkVolume(obj: LintedObject, index: StorageIndex, kube: KubeContext, report: Report): void {
  const name = obj.name ?? "(unnamed)";
  const reservedFor = claimRefNamespace(obj);
  const reservedTenant = reservedFor === undefined ? undefined : index.catalog.tenantOf(reservedFor, index.scope);
  // Capsule (and label-based tenancy) marks a volume for a tenant with the tenant label; claimRef must agree.
  const ownerKey = kube.settings.tenantLabels.find((key) => obj.labels[key]);
  const owner = ownerKey ? obj.labels[ownerKey] : undefined;
  if (owner && reservedFor && reservedTenant && reservedTenant.name !== owner) {
    report({
      node: asReportNode(nodeAt(obj.node, ["spec", "claimRef", "namespace"]) ?? obj.node),
      messageId: "volumeForeignClaim",
      data: { name, owner, namespace: reservedFor, tenant: reservedTenant.name },
    });
  }
  const { policy, defaulted } = volumeReclaimPolicy(obj);
  if (policy === "Delete") return;
  const use = volumeUse(obj, name, reservedFor, index);
  if (!use) return;
  const field = nodeAt(obj.node, ["spec", "persistentVolumeReclaimPolicy"]);
  report({
    node: field ? asReportNode(field) : nameNode(obj),
    messageId: "volumeRetain",
    data: { name, policy, defaulted: defaulted ? " (the default)" : "", use },
  });
}

/** Why tenant claims can bind this volume, for messages; undefined when none can. */
function volumeUse(obj: LintedObject, name: string, reservedFor: string | undefined, index: StorageIndex): string | undefined {
  const naming = index.claimsNaming(name)[0];
  if (naming) return `${naming.kind} '${naming.namespace}/${naming.name}' pre-binds to it`;
  if (reservedFor !== undefined) {
    return index.catalog.tenantOf(reservedFor, index.scope) ? `is reserved for tenant namespace '${reservedFor}'` : undefined;
  }
  return index.hasTenants ? "no claimRef: any tenant claim can bind it" : undefined;
}

function checkClaim(obj: LintedObject, index: StorageIndex, kube: KubeContext, options: Options, report: Report): void {
  const catalog = index.catalog;
  const namespace = kube.workspace().effectiveNamespaces(obj).find((ns) => catalog.tenantOf(ns, options.tenants));
  if (!namespace) return;
  for (const claim of claimsOf(obj)) {
    const volume = claim.volumeName;
    if (!volume) continue;
    const pv = index.volumes.get(volume);
    const reservedFor = pv ? claimRefNamespace(pv) : undefined;
    if (reservedFor === namespace) continue;
    const why = !pv
      ? "which the repository does not define"
      : reservedFor === undefined
        ? "which no claimRef reserves"
        : `reserved for namespace '${reservedFor}'`;
    const field = nodeAt(obj.node, ["spec", "volumeName"]);
    report({
      node: field ? asReportNode(field) : nameNode(obj),
      messageId: "claimNotReserved",
      data: { kind: obj.kind, name: obj.name ?? "(unnamed)", namespace, volume, why },
    });
  }
}
