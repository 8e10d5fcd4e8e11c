import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-open-argocd-project.js";

const ns = (name: string, labels = "{}") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n`;
const app = (name: string, project: string | undefined, namespace: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n` +
  `${project ? `  project: ${project}\n` : ""}  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${namespace}\n`;
const files = {
  "namespaces.yaml": [ns("team-a", "{team: a}"), ns("team-a-batch", "{team: a}"), ns("team-b", "{team: b}"), ns("plain")].join("---\n"),
  "apps/a.yaml": app("a", "team-a", "team-a"),
  "apps/shared.yaml": app("shared", "shared", "team-a"),
};
const cluster = repo(files);
const withDefault = repo({ ...files, "projects/default.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: default\n  namespace: argocd\nspec:\n  destinations: []\n" });

/** An AppProject named `name` with spec lines (indented by 2); spec starts on line 6. */
const project = (name: string, spec: string) => `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n${spec}`;
const OWN = "  destinations:\n    - namespace: team-a\n      server: https://kubernetes.default.svc\n    - namespace: team-a-*\n      server: https://kubernetes.default.svc\n";
const WALLS =
  "  namespaceResourceBlacklist:\n    - {group: networking.k8s.io, kind: NetworkPolicy}\n    - {group: '', kind: ResourceQuota}\n    - {group: '', kind: LimitRange}\n";
const STRICT = [{ tenants: "all", strictKinds: true }];
const USED_BY_A = "used by tenant 'a'";

createRuleTester().run("no-open-argocd-project", rule, {
  valid: [
    { code: project("team-a", OWN), ...inRepo(cluster) },
    { code: project("team-a", OWN + WALLS), options: STRICT, ...inRepo(cluster) },
    // strict: sync impersonation as a tenant ServiceAccount stands in for the blacklist
    {
      code: project("team-a", `${OWN}  destinationServiceAccounts:\n    - {server: https://kubernetes.default.svc, namespace: "team-a*", defaultServiceAccount: deployer}\n`),
      options: STRICT,
      ...inRepo(cluster),
    },
    // Namespace allowed, not RBAC: fine in recommended
    { code: project("team-a", `${OWN}  clusterResourceWhitelist:\n    - {group: '', kind: Namespace}\n`), ...inRepo(cluster) },
    // a platform project nobody's tenant uses may be wide open
    { code: project("platform", "  destinations: [{namespace: '*', server: '*'}]\n  clusterResourceWhitelist: [{group: '*', kind: '*'}]\n"), ...inRepo(cluster) },
    // deny entries count: `*` minus every namespace beyond the tenant's
    {
      code: project("team-a", "  destinations:\n    - {namespace: '*', server: '*'}\n    - {namespace: '!team-b', server: '*'}\n    - {namespace: '!plain', server: '*'}\n    - {namespace: '!kube-*', server: '*'}\n    - {namespace: '!default', server: '*'}\n"),
      ...inRepo(cluster),
    },
    // Applications: own project, a platform namespace, a templated destination, or a restricted default project
    { code: app("x", "team-a", "team-a"), ...inRepo(cluster) },
    { code: app("x", undefined, "ingress-nginx"), ...inRepo(cluster) },
    {
      code: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s, namespace: argocd}\nspec:\n  template:\n    spec:\n      destination: {name: '{{cluster}}', namespace: '{{ns}}'}\n",
      ...inRepo(cluster),
    },
    { code: app("x", undefined, "team-a"), ...inRepo(withDefault) },
    // wrong types nobody uses: no crash, no finding
    { code: project("loose", '  destinations: "*"\n  roles: 3\n'), ...inRepo(cluster) },
  ],
  invalid: [
    {
      // used by tenant a through its Application; opens other tenants and system namespaces, RBAC, any source namespace
      code: project("shared", "  sourceNamespaces: ['*']\n  destinations:\n    - namespace: '*'\n      server: '*'\n  clusterResourceWhitelist:\n    - {group: rbac.authorization.k8s.io, kind: ClusterRole}\n    - {group: '*', kind: '*'}\n"),
      ...inRepo(cluster),
      errors: [
        { messageId: "sourceNamespaces", line: 7, data: { project: "shared", usedBy: USED_BY_A } },
        {
          messageId: "openDestination",
          line: 9,
          data: { project: "shared", usedBy: USED_BY_A, pattern: "*", reaches: "other namespaces ('plain', 'team-b') and system namespaces ('default', 'kube-public', …)" },
        },
        { messageId: "clusterKind", line: 12, data: { project: "shared", usedBy: USED_BY_A, what: "ClusterRole" } },
        { messageId: "clusterKind", line: 13, data: { project: "shared", usedBy: USED_BY_A, what: "kinds '*/*'" } },
      ],
    },
    {
      // a project listing two tenants' namespaces
      code: project("mixed", "  destinations:\n    - {namespace: team-a, server: '*'}\n    - {namespace: team-b, server: '*'}\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "sharedProject", line: 8, data: { project: "mixed", usedBy: "used by tenants 'a', 'b'" } }],
    },
    {
      // roles naming a tenant group (settings.kube.tenantGroups); strict: any cluster kind, and walls left writable
      code: project("team-a", `${OWN}  clusterResourceWhitelist:\n    - {group: '', kind: Namespace}\n  roles:\n    - {name: dev, groups: [team-a-devs]}\n`),
      options: STRICT,
      ...inRepo(cluster, "linted.yaml", { tenantGroups: ["team-a-devs"] }),
      errors: [
        { messageId: "wallsWritable", line: 7, data: { project: "team-a", usedBy: "used by tenants 'a', 'team-a-devs'", kinds: "NetworkPolicy, ResourceQuota, LimitRange" } },
        { messageId: "clusterKind", line: 13, data: { project: "team-a", usedBy: "used by tenants 'a', 'team-a-devs'", what: "kind 'Namespace'" } },
      ],
    },
    {
      code: app("x", undefined, "team-a-batch"),
      ...inRepo(cluster),
      errors: [{ messageId: "defaultProject", line: 4, data: { kind: "Application", name: "x", namespace: "team-a-batch" } }],
    },
    {
      code: app("x", "default", "team-a"),
      ...inRepo(cluster),
      errors: [{ messageId: "defaultProject", line: 7, data: { kind: "Application", name: "x", namespace: "team-a" } }],
    },
    {
      code: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s, namespace: argocd}\nspec:\n  template:\n    spec:\n      project: default\n      destination: {name: prod, namespace: team-b}\n",
      ...inRepo(cluster),
      errors: [{ messageId: "defaultProject", line: 7, data: { kind: "ApplicationSet", name: "s", namespace: "team-b" } }],
    },
    {
      // `destinations: "*"` as a string in a project a tenant uses: unreadable
      code: project("shared", '  destinations: "*"\n  clusterResourceWhitelist: {group: "*"}\n'),
      ...inRepo(cluster),
      errors: [{ messageId: "unreadable", line: 4, data: { project: "shared", fields: "spec.destinations, spec.clusterResourceWhitelist" } }],
    },
  ],
});
