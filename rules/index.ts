/** The rule registry: one import per rule file. */
import type { KubeRuleModule } from "./support/rule.js";
import noEnvironmentNamespaces from "./no-environment-namespaces.js";
import requireNetworkPolicy from "./require-network-policy.js";
import requireLimitRange from "./require-limit-range.js";
import requireResourceQuota from "./require-resource-quota.js";
import noCrossTenantIngress from "./no-cross-tenant-ingress.js";
import requirePodSecurity from "./require-pod-security.js";
import noTenantClusterRbac from "./no-tenant-cluster-rbac.js";
import validTenantReference from "./valid-tenant-reference.js";
import noExpiringCertificates from "./no-expiring-certificates.js";
import noEmbeddedPrivateKeys from "./no-embedded-private-keys.js";
import noWeakCertificates from "./no-weak-certificates.js";
import workloadPodSecurity from "./workload-pod-security.js";
import noTenantNodeExposure from "./no-tenant-node-exposure.js";
import noTenantPolicyTampering from "./no-tenant-policy-tampering.js";
import requireNamespace from "./require-namespace.js";
import requireImagePullAlways from "./require-image-pull-always.js";
import noTenantVolumeReuse from "./no-tenant-volume-reuse.js";

export const rules: Record<string, KubeRuleModule> = {
  "no-environment-namespaces": noEnvironmentNamespaces,
  "require-network-policy": requireNetworkPolicy,
  "require-limit-range": requireLimitRange,
  "require-resource-quota": requireResourceQuota,
  "no-cross-tenant-ingress": noCrossTenantIngress,
  "require-pod-security": requirePodSecurity,
  "no-tenant-cluster-rbac": noTenantClusterRbac,
  "valid-tenant-reference": validTenantReference,
  "no-expiring-certificates": noExpiringCertificates,
  "no-embedded-private-keys": noEmbeddedPrivateKeys,
  "no-weak-certificates": noWeakCertificates,
  "workload-pod-security": workloadPodSecurity,
  "no-tenant-node-exposure": noTenantNodeExposure,
  "no-tenant-policy-tampering": noTenantPolicyTampering,
  "require-namespace": requireNamespace,
  "require-image-pull-always": requireImagePullAlways,
  "no-tenant-volume-reuse": noTenantVolumeReuse,
};
