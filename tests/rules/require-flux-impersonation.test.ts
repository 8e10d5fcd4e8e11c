import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-flux-impersonation.js";

const ns = (name: string, labels = "{}") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n`;
const binding = (namespace: string, sa: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reconciler\n  namespace: ${namespace}\n` +
  `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}\nsubjects:\n  - {kind: ServiceAccount, name: ${sa}}\n`;
const tenants = {
  "namespaces.yaml": [ns("team-a", "{team: a}"), ns("team-b", "{team: b}"), ns("plain")].join("---\n"),
  "rbac/team-a.yaml": binding("team-a", "deployer"),
  "rbac/team-b.yaml": binding("team-b", "one") + "---\n" + binding("team-b", "two").replace("name: reconciler", "name: other"),
};
const cluster = repo(tenants);
/** The same tenants, with a Flux install that sets --default-service-account and --no-cross-namespace-refs. */
const locked = repo({
  ...tenants,
  "flux-system/kustomization.yaml":
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - https://github.com/fluxcd/flux2/manifests/install?ref=v2.4.0\n" +
    "patches:\n  - patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: --default-service-account=default\n" +
    "      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: --no-cross-namespace-refs=true\n" +
    '    target:\n      kind: Deployment\n      name: "(kustomize-controller|helm-controller)"\n',
});
/** A Flux Operator FluxInstance with the multi-tenancy lockdown. */
const operator = repo({
  ...tenants,
  "flux-system/instance.yaml":
    "apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  cluster:\n    multitenant: true\n",
});

/** A Flux Kustomization in `namespace` with `spec` lines (indented by 2); spec starts on line 6. */
const ks = (namespace: string, spec: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: ${namespace}\nspec:\n${spec}`;
const SOURCE = "  interval: 5m\n  sourceRef:\n    kind: GitRepository\n    name: apps\n";
const STRICT = [{ tenants: "all", crossNamespaceRefs: true, foreignTargetNamespace: true }];
const identity = (controller: string) => `${controller} itself (cluster-admin by default)`;

createRuleTester().run("require-flux-impersonation", rule, {
  valid: [
    { code: ks("team-a", `  serviceAccountName: deployer\n${SOURCE}`), ...inRepo(cluster) },
    // the platform's own objects, and unmarked namespaces in recommended
    { code: ks("flux-system", SOURCE), ...inRepo(cluster) },
    { code: ks("plain", SOURCE), ...inRepo(cluster) },
    // the controllers impersonate `default` when an object names none
    { code: ks("team-a", SOURCE), ...inRepo(locked) },
    { code: ks("team-a", SOURCE), ...inRepo(operator) },
    // another cluster, with that kubeconfig's identity
    { code: ks("team-a", `${SOURCE}  kubeConfig:\n    secretRef:\n      name: spoke\n`), ...inRepo(cluster) },
    // a Kustomize Kustomization is not Flux's
    { code: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-a\nresources: []\n", ...inRepo(cluster) },
    // strict: the lockdown stops cross-namespace refs; a target inside the tenant is fine
    { code: ks("team-a", `  serviceAccountName: deployer\n${SOURCE}    namespace: flux-system\n`), options: STRICT, ...inRepo(locked) },
    { code: ks("team-a", `  serviceAccountName: deployer\n  targetNamespace: team-a\n${SOURCE}`), options: STRICT, ...inRepo(cluster) },
    // recommended does not look at refs or targets
    { code: ks("team-a", `  serviceAccountName: deployer\n  targetNamespace: team-b\n${SOURCE}    namespace: flux-system\n`), ...inRepo(cluster) },
    // placeholders are no namespace
    { code: ks("${TENANT}", SOURCE), options: STRICT, ...inRepo(cluster) },
    // wrong shapes outside tenant namespaces: no crash, no finding
    { code: "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: 3\nspec: [1]\n", ...inRepo(cluster) },
  ],
  invalid: [
    {
      code: ks("team-a", SOURCE),
      ...inRepo(cluster),
      errors: [
        {
          messageId: "noServiceAccount",
          line: 4,
          data: { kind: "Kustomization", name: "apps", namespace: "team-a", identity: identity("kustomize-controller") },
          suggestions: [
            {
              messageId: "useServiceAccount",
              data: { serviceAccount: "deployer", namespace: "team-a" },
              output: ks("team-a", `  serviceAccountName: deployer\n${SOURCE}`),
            },
          ],
        },
      ],
    },
    {
      // a HelmRelease, in JSON; two ServiceAccounts bound in team-b: no suggestion
      code: '{"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "web", "namespace": "team-b"}, "spec": {"chart": {"spec": {"chart": "web", "sourceRef": {"kind": "HelmRepository", "name": "charts"}}}}}\n',
      filename: `${cluster}/web.json.yaml`,
      settings: { kube: { root: cluster } },
      errors: [{ messageId: "noServiceAccount", line: 1, data: { kind: "HelmRelease", name: "web", namespace: "team-b", identity: identity("helm-controller") }, suggestions: [] }],
    },
    {
      // flow-style spec: the suggestion adds a JSON-style pair
      code: '{"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps", "namespace": "team-a"}, "spec": {"interval": "5m"}}\n',
      ...inRepo(cluster),
      errors: [
        {
          messageId: "noServiceAccount",
          suggestions: [
            {
              messageId: "useServiceAccount",
              output:
                '{"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": {"name": "apps", "namespace": "team-a"}, "spec": {"serviceAccountName": "deployer", "interval": "5m"}}\n',
            },
          ],
        },
      ],
    },
    {
      // a platform object in flux-system delivering into a tenant namespace with the controller's identity
      code: ks("flux-system", `  targetNamespace: team-a\n${SOURCE}`),
      ...inRepo(cluster),
      errors: [{ messageId: "noServiceAccount", data: { kind: "Kustomization", name: "apps", namespace: "team-a", identity: identity("kustomize-controller") }, suggestions: [] }],
    },
    {
      // strict: every non-system namespace; a cross-namespace sourceRef; a targetNamespace of another tenant
      code: ks("team-a", `  serviceAccountName: deployer\n  targetNamespace: team-b\n${SOURCE}    namespace: flux-system\n`),
      options: STRICT,
      ...inRepo(cluster),
      errors: [
        { messageId: "foreignTarget", line: 8, data: { kind: "Kustomization", name: "apps", tenant: "a", target: "team-b", owner: "a namespace of tenant 'b'" } },
        {
          messageId: "crossNamespaceRef",
          line: 13,
          data: { kind: "Kustomization", name: "apps", tenant: "a", field: "spec.sourceRef", refNamespace: "flux-system", namespace: "team-a", controller: "kustomize-controller" },
        },
      ],
    },
    {
      code: ks("plain", `  serviceAccountName: x\n  targetNamespace: kube-system\n${SOURCE}`),
      options: STRICT,
      ...inRepo(cluster),
      errors: [{ messageId: "foreignTarget", data: { kind: "Kustomization", name: "apps", tenant: "plain", target: "kube-system", owner: "a system namespace" } }],
    },
    {
      // wrong types in a tenant namespace: unreadable, never guessed
      code: ks("team-a", "  serviceAccountName: [deployer]\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "unreadable", data: { kind: "Kustomization", name: "apps", namespace: "team-a", why: "spec.serviceAccountName is not a string" } }],
    },
    {
      code: "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: team-a\nspec: nope\n",
      ...inRepo(cluster),
      errors: [{ messageId: "unreadable", data: { kind: "Kustomization", name: "apps", namespace: "team-a", why: "its spec is not a mapping" } }],
    },
  ],
});
