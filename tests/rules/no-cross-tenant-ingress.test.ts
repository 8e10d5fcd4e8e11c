import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-cross-tenant-ingress.js";

const NAMESPACES = [
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a1\n  labels: {team: a}",
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b1\n  labels: {team: b}",
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain",
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx",
].join("\n---\n");
const labelled = repo({ "namespaces.yaml": NAMESPACES });
const capsule = repo({
  "tenants.yaml": [
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec: {}",
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: wind\nspec: {}",
  ].join("\n---\n"),
  "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: solar-prod\n  labels: {capsule.clastix.io/tenant: solar}\n",
});
const kiosk = repo({
  "accounts.yaml": [
    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  space:\n    templateInstances:\n      - spec: {template: isolation}\n  subjects: [{kind: User, name: john}]",
    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: globex\nspec:\n  subjects: [{kind: User, name: jane}]",
  ].join("\n---\n"),
  "spaces.yaml": "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: globex-dev\nspec:\n  account: globex\n",
});
const kustomized = repo({
  "namespaces.yaml": NAMESPACES,
  "apps/kustomization.yaml": "namespace: a1\nresources:\n  - np.yaml\n",
});

const policy = (namespace: string | undefined, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n${namespace ? `  namespace: ${namespace}\n` : ""}spec:\n${spec}`;
const FROM_ALL_NAMESPACES = "  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n";
const STRICT = [{ tenants: "all", egress: true }];
const CCNP = "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: cw\n";
const GNP = "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata:\n  name: cw\n";
const ADMIN = (kind: string, version = "v1alpha1") => `apiVersion: policy.networking.k8s.io/${version}\nkind: ${kind}\nmetadata:\n  name: cw\n`;
const BOTH = "(cluster-wide, selecting namespaces of tenants 'a', 'b')";
const cluster = (messageId: string, where: string, detail: string, line: number, policy = "CiliumClusterwideNetworkPolicy 'cw'") => ({
  messageId,
  data: { policy, where, direction: "ingress from", detail },
  line,
});

createRuleTester().run("no-cross-tenant-ingress", rule, {
  valid: [
    // cluster-wide: a baseline allow is what no policy means; a policy selecting only a system namespace; narrow peers
    { code: `${ADMIN("BaselineAdminNetworkPolicy")}spec:\n  subject:\n    namespaces: {}\n  ingress:\n    - action: Allow\n      from:\n        - namespaces: {}\n`, ...inRepo(labelled) },
    { code: `${CCNP}spec:\n  endpointSelector:\n    matchLabels: {k8s:io.kubernetes.pod.namespace: ingress-nginx}\n  ingress:\n    - fromEntities: [world]\n`, ...inRepo(labelled) },
    { code: `${GNP}spec:\n  ingress:\n    - action: Allow\n      source:\n        namespaceSelector: kubernetes.io/metadata.name == 'ingress-nginx'\n`, ...inRepo(labelled) },
    { code: `${ADMIN("AdminNetworkPolicy")}spec:\n  subject:\n    namespaces: {}\n  ingress:\n    - action: Deny\n      from:\n        - namespaces: {}\n`, ...inRepo(labelled) },
    // wrong shapes never crash
    { code: `${CCNP}spec: 3\nspecs: x\n`, ...inRepo(labelled) },
    { code: `${GNP}spec: []\n`, ...inRepo(labelled) },
    { code: `${ADMIN("ClusterNetworkPolicy", "v1beta1")}spec:\n  tier: Admin\n  subject: 3\n  ingress: {}\n`, ...inRepo(labelled) },
    // own namespace's pods, the tenant's own namespaces, a system namespace
    { code: policy("a1", "  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n"), ...inRepo(labelled) },
    { code: policy("a1", "  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {team: a}\n"), ...inRepo(labelled) },
    {
      code: policy("a1", "  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}\n"),
      ...inRepo(labelled),
    },
    // default deny
    { code: policy("a1", "  podSelector: {}\n  policyTypes: [Ingress]\n"), ...inRepo(labelled) },
    // not a tenant namespace (recommended: only marked ones), a system namespace, no namespace at all
    { code: policy("plain", FROM_ALL_NAMESPACES), ...inRepo(labelled) },
    { code: policy("ingress-nginx", FROM_ALL_NAMESPACES), ...inRepo(labelled), options: STRICT },
    { code: policy(undefined, FROM_ALL_NAMESPACES), ...inRepo(labelled) },
    // egress is checked only when asked
    { code: policy("a1", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n"), ...inRepo(labelled) },
    // DNS to any namespace is fine even in strict
    {
      code: policy("a1", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n      ports:\n        - {port: 53, protocol: UDP}\n"),
      ...inRepo(labelled),
      options: STRICT,
    },
    // ignored tenants
    { code: policy("a1", FROM_ALL_NAMESPACES), ...inRepo(labelled), options: [{ ignore: ["a"] }] },
    // a kiosk template applied by one account that admits its own namespaces only
    {
      code: "apiVersion: config.kiosk.sh/v1alpha1\nkind: Template\nmetadata:\n  name: isolation\nresources:\n  manifests:\n    - apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: {name: deny}\n      spec:\n        podSelector: {}\n        ingress:\n          - from:\n              - podSelector: {}\n",
      ...inRepo(kiosk),
    },
    // not Kubernetes, or malformed
    { code: "name: CI\non: [push]\n", ...inRepo(labelled) },
    { code: policy("a1", "  ingress: 3\n"), ...inRepo(labelled) },
    { code: policy("a1", "  ingress:\n    - from: {}\n    - from:\n        - 3\n        - namespaceSelector: []\n"), ...inRepo(labelled) },
    { code: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: 3\nspec: null\n", ...inRepo(labelled) },
  ],
  invalid: [
    // cluster-wide allow rules open every tenant they select
    {
      code: `${CCNP}spec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n    - fromEndpoints: [{}]\n`,
      ...inRepo(labelled),
      errors: [cluster("internet", BOTH, "fromEntities world", 8), cluster("everyNamespace", BOTH, "fromEndpoints {} (every endpoint of the cluster)", 9)],
    },
    {
      code: `${GNP}spec:\n  namespaceSelector: team == 'a'\n  ingress:\n    - action: Allow\n      protocol: TCP\n`,
      ...inRepo(labelled),
      errors: [cluster("everySource", "(cluster-wide, selecting namespaces of tenant 'a')", "every source (no `source`)", 8, "GlobalNetworkPolicy 'cw'")],
    },
    {
      code: `${ADMIN("AdminNetworkPolicy")}spec:\n  subject:\n    namespaces:\n      matchLabels: {team: a}\n  ingress:\n    - action: Allow\n      from:\n        - namespaces:\n            matchLabels: {team: b}\n`,
      ...inRepo(labelled),
      errors: [cluster("otherTenant", "(cluster-wide, selecting namespaces of tenant 'a')", "namespace 'b1' of tenant 'b'", 13, "AdminNetworkPolicy 'cw'")],
    },
    {
      code: `${ADMIN("ClusterNetworkPolicy", "v1beta1")}spec:\n  tier: Admin\n  priority: 3\n  subject:\n    namespaces: {}\n  ingress:\n    - action: Accept\n      from:\n        - namespaces: {}\n`,
      ...inRepo(labelled),
      errors: [cluster("everyNamespace", BOTH, "namespaces {} (every namespace)", 13, "ClusterNetworkPolicy 'cw'")],
    },
    {
      code: policy("a1", FROM_ALL_NAMESPACES),
      ...inRepo(labelled),
      errors: [
        {
          messageId: "everyNamespace",
          data: { policy: "NetworkPolicy 'np'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "namespaceSelector {} (every namespace)" },
          line: 10,
          column: 30,
        },
      ],
    },
    {
      code: policy("a1", "  podSelector: {}\n  ingress:\n    - ports:\n        - port: 8080\n"),
      ...inRepo(labelled),
      errors: [{ messageId: "everySource", data: { policy: "NetworkPolicy 'np'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "every source (no `from`)" }, line: 9 }],
    },
    {
      code: policy("a1", "  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n"),
      ...inRepo(labelled),
      errors: [{ messageId: "internet", data: { policy: "NetworkPolicy 'np'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "ipBlock 0.0.0.0/0" }, line: 11, column: 19 }],
    },
    {
      code: policy("a1", "  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {team: b}\n"),
      ...inRepo(labelled),
      errors: [{ messageId: "otherTenant", data: { policy: "NetworkPolicy 'np'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "namespace 'b1' of tenant 'b'" }, line: 11 }],
    },
    {
      // strict: every non-system namespace is a tenant, and egress counts
      code: policy("plain", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: a1}\n"),
      ...inRepo(labelled),
      options: STRICT,
      errors: [{ messageId: "otherTenant", data: { policy: "NetworkPolicy 'np'", where: "in namespace 'plain' of tenant 'plain'", direction: "egress to", detail: "namespace 'a1' of tenant 'a'" }, line: 12 }],
    },
    {
      // the namespace comes from a kustomization
      code: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n" + FROM_ALL_NAMESPACES,
      ...inRepo(kustomized, "apps/np.yaml"),
      errors: [
        {
          messageId: "everyNamespace",
          data: { policy: "NetworkPolicy 'np'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "namespaceSelector {} (every namespace)" },
          line: 9,
        },
      ],
    },
    {
      // Capsule copies a Tenant's spec.networkPolicies into every namespace of the tenant
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  networkPolicies:\n    items:\n      - podSelector: {}\n        ingress:\n          - from:\n              - namespaceSelector:\n                  matchLabels: {capsule.clastix.io/tenant: wind}\n",
      ...inRepo(capsule, "solar.yaml"),
      errors: [
        {
          messageId: "otherTenant",
          data: {
            policy: "NetworkPolicy #1 of Capsule Tenant 'solar'",
            where: "copied by Capsule into every namespace of tenant 'solar'",
            direction: "ingress from",
            detail: "any namespace of Capsule tenant 'wind'",
          },
          line: 12,
        },
      ],
    },
    {
      // Capsule v1alpha1 wrote the list directly; a Capsule namespace policy opening to another tenant's namespace
      code: "apiVersion: capsule.clastix.io/v1alpha1\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  networkPolicies:\n    - ingress:\n        - {}\n",
      ...inRepo(capsule, "solar.yaml"),
      errors: [
        {
          messageId: "everySource",
          data: {
            policy: "NetworkPolicy #1 of Capsule Tenant 'solar'",
            where: "copied by Capsule into every namespace of tenant 'solar'",
            direction: "ingress from",
            detail: "every source (no `from`)",
          },
          line: 8,
        },
      ],
    },
    {
      // a kiosk Template applied by account 'acme', admitting globex's space
      code: "apiVersion: config.kiosk.sh/v1alpha1\nkind: Template\nmetadata:\n  name: isolation\nresources:\n  manifests:\n    - apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: {name: open}\n      spec:\n        podSelector: {}\n        ingress:\n          - from:\n              - namespaceSelector:\n                  matchLabels: {kubernetes.io/metadata.name: globex-dev}\n",
      ...inRepo(kiosk),
      errors: [
        {
          messageId: "otherTenant",
          data: {
            policy: "NetworkPolicy 'open' of kiosk Template 'isolation'",
            where: "applied by kiosk to the spaces of 'acme'",
            direction: "ingress from",
            detail: "namespace 'globex-dev' of tenant 'globex'",
          },
          line: 15,
        },
      ],
    },
    {
      // GlobalTenantResource replicating an allow-from-everywhere policy
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalTenantResource\nmetadata:\n  name: np\nspec:\n  resources:\n    - rawItems:\n        - apiVersion: networking.k8s.io/v1\n          kind: NetworkPolicy\n          metadata: {name: open}\n          spec:\n            podSelector: {}\n            ingress:\n              - from:\n                  - namespaceSelector: {}\n",
      ...inRepo(capsule),
      errors: [
        {
          messageId: "everyNamespace",
          data: {
            policy: "NetworkPolicy 'open' of Capsule GlobalTenantResource 'np'",
            where: "replicated by Capsule into tenant namespaces",
            direction: "ingress from",
            detail: "namespaceSelector {} (every namespace)",
          },
          line: 15,
        },
      ],
    },
    {
      code: "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: c\n  namespace: a1\nspec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n",
      ...inRepo(labelled),
      errors: [{ messageId: "internet", data: { policy: "CiliumNetworkPolicy 'c'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "fromEntities world" }, line: 9 }],
    },
    {
      // Cilium's `specs:` list is read rule by rule; wrong shapes in it are skipped
      code: "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: c\n  namespace: a1\nspecs:\n  - 3\n  - endpointSelector: {}\n    ingress:\n      - fromEntities: [cluster]\n",
      ...inRepo(labelled),
      errors: [{ messageId: "everyNamespace", data: { policy: "CiliumNetworkPolicy 'c'", where: "in namespace 'a1' of tenant 'a'", direction: "ingress from", detail: "fromEntities cluster" }, line: 10 }],
    },
  ],
});
