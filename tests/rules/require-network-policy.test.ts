import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-network-policy.js";

const ns = (name: string, labels = "    team: a\n") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
const denyAll = (namespace: string, types = "Ingress") =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n  policyTypes: [${types}]\n`;

const empty = repo();
const protectedRepo = repo({ "team-a/np.yaml": denyAll("team-a") });
const otherNamespace = repo({ "team-b/np.yaml": denyAll("team-b") });
const partialRepo = repo({
  "team-a/np.yaml":
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: team-a\nspec:\n  podSelector:\n    matchLabels: {app: web}\n",
});
const kustomized = repo({
  "team-a/kustomization.yaml": "namespace: team-a\nresources:\n  - np.yaml\n",
  "team-a/np.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n",
});
const renamed = repo({
  "config/default/kustomization.yaml": "namespace: shop-system\nresources: [../manager]\n",
  "config/manager/kustomization.yaml": "resources: [manager.yaml]\n",
  "overlays/a/kustomization.yaml": "namespace: team-x\nresources: [../../base]\n",
  "base/kustomization.yaml": "resources: [ns.yaml]\n",
});
const ingressEgress = repo({ "np.yaml": denyAll("team-a", "Ingress, Egress") });
const allowAll = repo({
  "np.yaml":
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: open\n  namespace: team-a\nspec:\n  podSelector: {}\n  ingress:\n    - {}\n",
});
const capsule = repo({
  "tenant.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  owners: [{kind: User, name: alice}]\n  networkPolicies:\n    items:\n      - podSelector: {}\n        policyTypes: [Ingress, Egress]\n",
});
const capsuleBare = repo({
  "tenant.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  owners: [{kind: User, name: alice}]\n",
});
const gtr = repo({
  "tenant.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\n  labels: {tier: gold}\nspec: {}\n",
  "gtr.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalTenantResource\nmetadata:\n  name: deny\nspec:\n  tenantSelector:\n    matchLabels: {tier: gold}\n  resources:\n    - rawItems:\n        - apiVersion: networking.k8s.io/v1\n          kind: NetworkPolicy\n          metadata: {name: deny}\n          spec: {podSelector: {}, policyTypes: [Ingress]}\n",
});
const kiosk = repo({
  "account.yaml":
    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: johns\nspec:\n  space:\n    templateInstances:\n      - spec:\n          template: restrictions\n",
  "template.yaml":
    "apiVersion: config.kiosk.sh/v1alpha1\nkind: Template\nmetadata:\n  name: restrictions\nresources:\n  manifests:\n    - apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: {name: deny}\n      spec: {podSelector: {}}\n",
});
const hnc = repo({
  "hnc.yaml":
    "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n    - resource: networkpolicies\n      group: networking.k8s.io\n      mode: Propagate\n",
  "parent.yaml": `${ns("team-a")}---\n${denyAll("team-a")}`,
});
const hncDefault = repo({ "parent.yaml": `${ns("team-a")}---\n${denyAll("team-a")}` });
const anchor = "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata:\n  name: team-a-ci\n  namespace: team-a\n";
const capsuleNs = ns("oil-dev", "    capsule.clastix.io/tenant: oil\n");
const space = "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\nspec:\n  account: johns\n";

const stub = (namespace: string, types: string[]) =>
  [
    "---",
    "# Default deny: selects every pod of the namespace and allows nothing; add narrower allow policies next to it.",
    ...(types.includes("Egress") ? ["# Egress is denied too: allow DNS (kube-system, port 53) and what the apps call, in separate policies."] : []),
    "apiVersion: networking.k8s.io/v1",
    "kind: NetworkPolicy",
    "metadata:",
    "  name: default-deny",
    `  namespace: ${namespace}`,
    "spec:",
    "  podSelector: {} # every pod in the namespace",
    "  policyTypes:",
    ...types.map((t) => `    - ${t}`),
  ].join("\n") + "\n";

/** The message data of the plain case: an unprotected Namespace 'team-a' of tenant 'a'. */
const data = (overrides: Record<string, string> = {}) => ({
  target: "Namespace 'team-a'",
  tenant: " of tenant 'a'",
  missing: "isolates ingress for every pod",
  risk: "",
  found: "",
  types: "Ingress",
  ...overrides,
});

createRuleTester().run("require-network-policy", rule, {
  valid: [
    // unmarked namespaces are not tenants in recommended
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", ...inRepo(empty) },
    // system namespaces never are
    { code: ns("kube-system"), ...inRepo(empty), options: [{ tenants: "all" }] },
    // policy in another file of the repo
    { code: ns("team-a"), ...inRepo(protectedRepo) },
    // ...and in this file, after the Namespace
    { code: `${ns("team-a")}---\n${denyAll("team-a")}`, ...inRepo(empty) },
    // ...inside a kind: List
    {
      code: `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: team-a\n      labels: {team: a}\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: deny, namespace: team-a}\n    spec: {podSelector: {}}\n`,
      ...inRepo(empty),
    },
    // namespace from Kustomize
    { code: ns("team-a"), ...inRepo(kustomized) },
    // ingress + egress when strict asks for both
    { code: ns("team-a"), ...inRepo(ingressEgress), options: [{ tenants: "all", defaultDeny: ["ingress", "egress"] }] },
    // any policy selecting every pod, when no direction is required
    { code: ns("team-a"), ...inRepo(allowAll), options: [{ defaultDeny: [] }] },
    // Capsule Tenant spec
    { code: capsuleNs, ...inRepo(capsule) },
    { code: capsuleNs, ...inRepo(capsule), options: [{ defaultDeny: ["ingress", "egress"] }] },
    // Capsule Tenant with no namespace in the repo, protected tenant-wide
    { code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  networkPolicies:\n    items: [{podSelector: {}}]\n", ...inRepo(empty) },
    // GlobalTenantResource selecting the tenant
    { code: capsuleNs, ...inRepo(gtr) },
    // kiosk Space whose Account applies a Template
    { code: space, ...inRepo(kiosk) },
    // HNC propagates NetworkPolicies from the parent when HNCConfiguration says so
    { code: anchor, ...inRepo(hnc) },
    // Kustomize renames the kubebuilder-style `system` Namespace to a system namespace
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: system\n", ...inRepo(renamed, "config/manager/manager.yaml", { systemNamespaces: ["shop-system"] }), options: [{ tenants: "all" }] },
    // ignored namespaces
    { code: ns("team-a"), ...inRepo(empty), options: [{ ignore: ["team-*"] }] },
    // not Kubernetes, and broken shapes: no crash, nothing to say
    { code: "name: CI\non: [push]\n", ...inRepo(empty) },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata: 3\n", ...inRepo(empty) },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: []\n", ...inRepo(empty) },
  ],
  invalid: [
    {
      code: ns("team-a"),
      ...inRepo(empty),
      errors: [
        {
          messageId: "missing",
          data: {
            target: "Namespace 'team-a'",
            tenant: " of tenant 'a'",
            missing: "isolates ingress for every pod",
            risk: "",
            found: "",
            types: "Ingress",
          },
          line: 4,
          column: 9,
          suggestions: [{ messageId: "appendStub", data: { namespace: "team-a" }, output: ns("team-a") + stub("team-a", ["Ingress"]) }],
        },
      ],
    },
    {
      // a policy in another namespace protects nothing
      code: ns("team-a"),
      ...inRepo(otherNamespace),
      errors: [{ messageId: "missing", data: data(), line: 4, suggestions: [{ messageId: "appendStub", output: ns("team-a") + stub("team-a", ["Ingress"]) }] }],
    },
    {
      // a policy selecting only some pods: named as a near miss
      code: ns("team-a"),
      ...inRepo(partialRepo),
      errors: [
        {
          messageId: "missing",
          data: data({ found: " Found: NetworkPolicy 'web' (team-a/np.yaml:1) selects only some pods." }),
          suggestions: [{ messageId: "appendStub", output: ns("team-a") + stub("team-a", ["Ingress"]) }],
        },
      ],
    },
    {
      // `ingress: [{}]` on every pod allows everything
      code: ns("team-a"),
      ...inRepo(allowAll),
      errors: [
        {
          messageId: "missing",
          data: data({ found: " Found: NetworkPolicy 'open' (np.yaml:1) allows all ingress." }),
          suggestions: [{ messageId: "appendStub", output: ns("team-a") + stub("team-a", ["Ingress"]) }],
        },
      ],
    },
    {
      // strict: egress must be isolated too; every non-system namespace is a tenant
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n",
      ...inRepo(protectedRepo),
      options: [{ tenants: "all", defaultDeny: ["ingress", "egress"] }],
      errors: [
        {
          messageId: "missing",
          data: data({
            tenant: "",
            missing: "isolates egress for every pod",
            risk: ", and they can reach any of them",
            types: "Ingress + Egress",
          }),
          suggestions: [
            {
              messageId: "appendStub",
              output: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n" + stub("team-a", ["Ingress", "Egress"]),
            },
          ],
        },
      ],
    },
    {
      // a Capsule tenant namespace whose Tenant gives no policy
      code: capsuleNs,
      ...inRepo(capsuleBare),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'oil-dev'", tenant: " of tenant 'oil'" }),
          suggestions: [{ messageId: "appendStub", output: capsuleNs + stub("oil-dev", ["Ingress"]) }],
        },
      ],
    },
    {
      // a Capsule Tenant none of whose namespaces the repo defines: reported on the Tenant, no stub to append
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  owners: []\n",
      ...inRepo(empty),
      errors: [
        {
          messageId: "missing",
          data: data({
            target: "Capsule Tenant 'oil' (its owners' namespaces)",
            tenant: "",
          }),
          line: 4,
          suggestions: [],
        },
      ],
    },
    {
      // GlobalTenantResource whose tenantSelector does not pick this tenant
      code: ns("oil-dev", "    capsule.clastix.io/tenant: other\n"),
      ...inRepo(gtr),
      errors: [{ messageId: "missing", data: data({ target: "Namespace 'oil-dev'", tenant: " of tenant 'other'" }), suggestions: [{ messageId: "appendStub", output: ns("oil-dev", "    capsule.clastix.io/tenant: other\n") + stub("oil-dev", ["Ingress"]) }] }],
    },
    {
      // a kiosk Space of an account that applies no template
      code: space.replace("account: johns", "account: mary"),
      ...inRepo(kiosk),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "kiosk Space 'johns-space'", tenant: " of tenant 'mary'" }),
          suggestions: [{ messageId: "appendStub", output: space.replace("account: johns", "account: mary") + stub("johns-space", ["Ingress"]) }],
        },
      ],
    },
    {
      // HNC propagates only RBAC unless HNCConfiguration says otherwise
      code: anchor,
      ...inRepo(hncDefault),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "HNC subnamespace 'team-a-ci'", tenant: " of tenant 'a'" }),
          suggestions: [{ messageId: "appendStub", output: anchor + stub("team-a-ci", ["Ingress"]) }],
        },
      ],
    },
    {
      // two namespaces in one file: one finding each, on each name; a file without a final newline
      code: `${ns("team-a")}---\n${ns("team-b", "    team: b")}`,
      ...inRepo(protectedRepo),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'team-b'", tenant: " of tenant 'b'" }),
          line: 11,
          suggestions: [{ messageId: "appendStub", output: `${ns("team-a")}---\n${ns("team-b", "    team: b")}\n${stub("team-b", ["Ingress"])}` }],
        },
      ],
    },
    {
      // the name a Kustomize overlay gives the Namespace is the one checked and stubbed
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n",
      ...inRepo(renamed, "base/ns.yaml"),
      options: [{ tenants: "all" }],
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'ns' (named 'team-x' by Kustomize)", tenant: "" }),
          suggestions: [{ messageId: "appendStub", data: { namespace: "team-x" }, output: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n" + stub("team-x", ["Ingress"]) }],
        },
      ],
    },
  ],
});
