/**
 * fast-check generators for the robustness properties: random YAML trees, and Kubernetes-shaped documents whose
 * every field may hold the wrong type (`metadata: 3`, `labels: []`, `spec: null`, numbers as names, huge strings),
 * with real and broken certificates and keys among the strings. `toYaml` writes them in block or flow style.
 */
import fc from "fast-check";
import { b64, makeCert, privateKeyPem } from "../helpers/certs.js";

export type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

const realCert = await makeCert({ cn: "robust.example.com" });
const oldCert = await makeCert({ key: "rsa1024", hash: "SHA-1", notBefore: new Date("2001-01-01"), notAfter: new Date("2002-01-01") });
const pemKey = privateKeyPem("pkcs8");

/** Strings rules look for: names, environment words, CIDRs, RBAC and Pod Security words, PEM text (real and broken). */
const MEANINGFUL = [
  "team-a", "team-b-prod", "app-dev", "prod", "kube-system", "default", "0.0.0.0/0", "::/0", "10.0.0.0/8", "not-a-cidr/99",
  "*", "cluster-admin", "admin", "edit", "privileged", "baseline", "restricted", "latest", "NodePort", "LoadBalancer",
  "Ingress", "Egress", "Group", "User", "ServiceAccount", "system:serviceaccounts", "RuntimeDefault", "Unconfined",
  "ALL", "NET_RAW", "SYS_ADMIN", "100m", "1Gi", "-1", "In", "NotIn", "Exists", "v1", "apps/v1",
  realCert.pem, realCert.b64, oldCert.pem, oldCert.b64, pemKey, b64(pemKey),
  "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
  "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n",
  b64("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
];

/** Keys of Kubernetes objects (and of the tenancy operators' CRDs, kubeconfigs, webhooks) that rules read. */
const FIELD_NAMES = [
  "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec", "template", "jobTemplate",
  "containers", "initContainers", "ephemeralContainers", "image", "securityContext", "privileged", "runAsNonRoot",
  "runAsUser", "allowPrivilegeEscalation", "capabilities", "add", "drop", "seccompProfile", "type", "hostNetwork",
  "hostPID", "hostIPC", "hostPath", "volumes", "ports", "hostPort", "containerPort", "podSelector", "namespaceSelector",
  "matchLabels", "matchExpressions", "key", "operator", "values", "ingress", "egress", "from", "to", "ipBlock", "cidr",
  "except", "policyTypes", "subjects", "apiGroup", "roleRef", "rules", "verbs", "resources", "apiGroups",
  "resourceNames", "hard", "limits", "requests", "default", "defaultRequest", "max", "min", "scopeSelector", "owners",
  "namespaceOptions", "additionalMetadata", "networkPolicies", "limitRanges", "resourceQuotas", "items", "data",
  "stringData", "tls.crt", "tls.key", "ca.crt", "caBundle", "clusters", "cluster", "certificate-authority-data",
  "users", "user", "client-certificate-data", "client-key-data", "contexts", "externalIPs", "nodePort", "selector",
  "parent", "space", "account", "tenant", "destination", "source", "sources", "path", "clientConfig", "service",
  "webhooks", "components", "bases", "patches", "<<",
];

const KINDS = [
  "Namespace", "NetworkPolicy", "LimitRange", "ResourceQuota", "Pod", "Deployment", "CronJob", "StatefulSet", "Service",
  "Secret", "ConfigMap", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "Tenant", "GlobalTenantResource",
  "Account", "Space", "Template", "SubnamespaceAnchor", "Config", "Kustomization", "Application",
  "ValidatingWebhookConfiguration", "APIService", "CiliumNetworkPolicy", "CustomResourceDefinition", "List",
];
const API_VERSIONS = [
  "v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "capsule.clastix.io/v1beta2",
  "tenancy.kiosk.sh/v1alpha1", "config.kiosk.sh/v1alpha1", "hnc.x-k8s.io/v1alpha2", "kustomize.config.k8s.io/v1beta1",
  "argoproj.io/v1alpha1", "admissionregistration.k8s.io/v1", "apiregistration.k8s.io/v1", "cilium.io/v2",
];

/** Huge strings are rare on purpose: a few per run keep the property fast while still covering them. */
export const hugeString = fc.integer({ min: 10_000, max: 100_000 }).map((n) => "x".repeat(n));
const anyString = fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...MEANINGFUL));

/** A scalar of any type. */
const scalar: fc.Arbitrary<Tree> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  anyString,
  fc.constantFrom(...MEANINGFUL),
);

/** A random tree: any shape, any keys. */
export const yamlTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...FIELD_NAMES)), tie("tree"), { maxKeys: 5 }),
  ),
})).tree;

/** A Kubernetes-vocabulary tree: the keys rules read, holding values of any type at any depth. */
const kubeTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("tree"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie("tree"), { maxKeys: 6 }),
  ),
})).tree;

/** Right type most of the time, anything else sometimes. */
const field = (good: fc.Arbitrary<Tree>) => fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: kubeTree, weight: 1 });

const metadata = field(
  fc.record(
    {
      name: field(
        fc.oneof(
          { arbitrary: fc.oneof(fc.constantFrom("team-a", "team-b-prod", "app-dev", "web", "a"), fc.integer()), weight: 40 },
          { arbitrary: hugeString, weight: 1 },
        ),
      ),
      namespace: field(fc.constantFrom("team-a", "team-b-dev", "team-b-prod", "kube-system", "default", "app-prod")),
      labels: field(fc.dictionary(fc.constantFrom("team", "tenant", "capsule.clastix.io/tenant", "env", "pod-security.kubernetes.io/enforce"), scalar, { maxKeys: 3 })),
      annotations: field(fc.dictionary(fc.string(), scalar, { maxKeys: 2 })),
    },
    { requiredKeys: [] },
  ),
);

/** A document shaped like a Kubernetes object: known apiVersion/kind, metadata, and a spec-ish body of any shape. */
export const kubeDocument: fc.Arbitrary<Tree> = fc.record(
  {
    apiVersion: field(fc.constantFrom(...API_VERSIONS)),
    kind: fc.oneof({ arbitrary: fc.constantFrom(...KINDS), weight: 5 }, { arbitrary: scalar, weight: 1 }),
    metadata,
    spec: kubeTree,
    data: kubeTree,
    rules: kubeTree,
    subjects: kubeTree,
    roleRef: kubeTree,
    clusters: kubeTree,
    users: kubeTree,
    webhooks: kubeTree,
    items: kubeTree,
    namespace: kubeTree,
    resources: kubeTree,
  },
  { requiredKeys: ["apiVersion", "kind"] },
);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalarText(value: null | boolean | number | string): string {
  if (value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value > 0 ? ".inf" : "-.inf";
  if (typeof value === "boolean") return String(value);
  // Plain when unambiguous (so YAML's own typing of plain scalars is exercised elsewhere by MEANINGFUL), else JSON.
  return PLAIN.test(value) && !YAML_WORDS.test(value) ? value : JSON.stringify(value);
}

function keyText(key: string): string {
  return key === "<<" ? key : scalarText(key);
}

function isLeaf(value: Tree): value is null | boolean | number | string {
  return value === null || typeof value !== "object";
}

function blockLines(value: Tree): string[] {
  if (isLeaf(value)) return [scalarText(value)];
  if (Array.isArray(value)) {
    if (value.length === 0) return ["[]"];
    return value.flatMap((item) => {
      const [first, ...rest] = blockLines(item);
      return [`- ${first}`, ...rest.map((l) => `  ${l}`)];
    });
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ["{}"];
  return entries.flatMap(([key, child]) => {
    const lines = blockLines(child);
    const simple = isLeaf(child) || (Array.isArray(child) ? child.length === 0 : Object.keys(child).length === 0);
    return simple ? [`${keyText(key)}: ${lines[0]}`] : [`${keyText(key)}:`, ...lines.map((l) => `  ${l}`)];
  });
}

/** YAML text for a tree: block style, or flow style (JSON is YAML). */
export function toYaml(value: Tree, flow: boolean): string {
  if (flow) return `${JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))}\n`;
  return `${blockLines(value).join("\n")}\n`;
}
