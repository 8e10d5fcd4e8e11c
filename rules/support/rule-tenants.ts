/**
 * The shared start of the tenant-protection rules: the tenant namespaces this file defines, with the protection index
 * to ask about them. Files that define no namespace-like object return at once, before the index is touched.
 */
import type { LintedObject } from "../../core/manifest/model.js";
import type { KubeContext } from "./rule.js";
import { getProtectionIndex, type ProtectionIndex } from "../../core/tenancy/protection.js";
import { mayDefineTenantNamespaces, tenantTargets, type TargetOptions, type TenantTarget } from "../../core/tenancy/targets.js";
import type { Workspace } from "../../core/workspace/workspace.js";

export interface FileTenantTargets {
  ws: Workspace;
  index: ProtectionIndex;
  targets: TenantTarget<LintedObject>[];
}

export function fileTenantTargets(kube: KubeContext, options: TargetOptions): FileTenantTargets | undefined {
  if (!mayDefineTenantNamespaces(kube.file.objects)) return undefined;
  const ws = kube.workspace();
  const index = getProtectionIndex(ws, kube.settings);
  return { ws, index, targets: tenantTargets(kube.file.objects, index, options) };
}
