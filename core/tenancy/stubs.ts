/**
 * Commented stub objects the protection rules offer to append to a Namespace's file (an ESLint suggestion). Each is a
 * complete YAML document starting with `---`; values are starting points, said so in the comments.
 */
import type { Direction } from "./network-isolation.js";
import type { LimitField } from "./limit-defaults.js";

/** Plain when YAML reads it back as the same string; quoted for `123`, `1e3`, `true`, `no`... */
function quoteName(name: string): string {
  const plain = /^[a-z][-a-z0-9]*$/.test(name) && !/^(true|false|yes|no|on|off|null|y|n)$/.test(name);
  return plain ? name : JSON.stringify(name);
}

export function networkPolicyStub(namespace: string, directions: readonly Direction[]): string {
  const types = directions.length > 0 ? directions : (["ingress"] as const);
  const lines = [
    "---",
    "# Default deny: selects every pod of the namespace and allows nothing; add narrower allow policies next to it.",
    ...(types.includes("egress") ? ["# Egress is denied too: allow DNS (kube-system, port 53) and what the apps call, in separate policies."] : []),
    "apiVersion: networking.k8s.io/v1",
    "kind: NetworkPolicy",
    "metadata:",
    "  name: default-deny",
    `  namespace: ${quoteName(namespace)}`,
    "spec:",
    "  podSelector: {} # every pod in the namespace",
    "  policyTypes:",
    ...types.map((d) => `    - ${d === "ingress" ? "Ingress" : "Egress"}`),
  ];
  return lines.join("\n") + "\n";
}

const LIMIT_VALUES: Record<LimitField, Record<string, string>> = {
  default: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
  defaultRequest: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "256Mi" },
  max: { cpu: "2", memory: "2Gi", "ephemeral-storage": "4Gi" },
};

const FIELD_COMMENT: Record<LimitField, string> = {
  default: "limits of a container that sets none",
  defaultRequest: "requests of a container that sets none",
  max: "the most one container may ask for",
};

export function limitRangeStub(namespace: string, fields: readonly LimitField[], resources: readonly string[]): string {
  const lines = [
    "---",
    "# Container defaults, so a pod without resources cannot take a whole node. Adjust the values to the workloads.",
    "apiVersion: v1",
    "kind: LimitRange",
    "metadata:",
    "  name: container-defaults",
    `  namespace: ${quoteName(namespace)}`,
    "spec:",
    "  limits:",
    "    - type: Container",
  ];
  for (const field of fields) {
    lines.push(`      ${field}: # ${FIELD_COMMENT[field]}`);
    for (const r of resources) lines.push(`        ${r}: ${JSON.stringify(LIMIT_VALUES[field][r] ?? "1")}`);
  }
  return lines.join("\n") + "\n";
}

const QUOTA_KEYS: Record<string, [string, string][]> = {
  cpu: [["requests.cpu", "4"], ["limits.cpu", "8"]],
  memory: [["requests.memory", "8Gi"], ["limits.memory", "16Gi"]],
  "ephemeral-storage": [["requests.ephemeral-storage", "20Gi"]],
  storage: [["requests.storage", "100Gi"]],
};

export function resourceQuotaStub(namespace: string, resources: readonly string[]): string {
  const lines = [
    "---",
    "# The tenant's ceiling in this namespace. Adjust the values to what the tenant is granted.",
    "apiVersion: v1",
    "kind: ResourceQuota",
    "metadata:",
    "  name: tenant-quota",
    `  namespace: ${quoteName(namespace)}`,
    "spec:",
    "  hard:",
  ];
  for (const r of resources) {
    for (const [key, value] of QUOTA_KEYS[r] ?? [[r, "20"]]) lines.push(`    ${key}: ${JSON.stringify(value)}`);
  }
  return lines.join("\n") + "\n";
}
