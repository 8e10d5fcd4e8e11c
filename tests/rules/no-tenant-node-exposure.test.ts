import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-tenant-node-exposure.js";

const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n`;
const cluster = repo({
  "namespaces.yaml": [
    ns("team-a", "tenant: a"),
    ns("oil-dev", "capsule.clastix.io/tenant: oil"),
    ns("plain", "app: shop"),
    ns("kube-system", "tenant: nobody"),
  ].join("---\n"),
  "kiosk.yaml": "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\nspec:\n  account: johns\n",
  "apps/kustomization.yaml": "namespace: team-a\nresources:\n  - svc.yaml\n",
});

/** A Service in `namespace` with `spec` (indented by 2); spec line N is file line 6 + N. */
const svc = (namespace: string | undefined, spec: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${namespace ? `  namespace: ${namespace}\n` : ""}spec:\n${spec}`;
const NODE_PORT = "  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n";
const LB = "  type: LoadBalancer\n  ports:\n    - port: 443\n";
const STRICT = [{ tenants: "all", allowLoadBalancer: false }];

createRuleTester().run("no-tenant-node-exposure", rule, {
  valid: [
    { code: svc("team-a", "  type: ClusterIP\n  ports: [{port: 80}]\n"), ...inRepo(cluster) },
    { code: svc("team-a", "  ports: [{port: 80}]\n  externalIPs: []\n"), ...inRepo(cluster) },
    // LoadBalancer is allowed unless the option says otherwise
    { code: svc("team-a", LB), ...inRepo(cluster) },
    // not a tenant namespace (recommended: only marked ones), a system namespace, or no namespace at all
    { code: svc("plain", NODE_PORT), ...inRepo(cluster) },
    { code: svc("kube-system", NODE_PORT), ...inRepo(cluster), options: STRICT },
    { code: svc(undefined, NODE_PORT), ...inRepo(cluster), options: STRICT },
    // ExternalName points elsewhere; it opens nothing on the nodes
    { code: svc("team-a", "  type: ExternalName\n  externalName: db.example.com\n"), ...inRepo(cluster) },
    // other kinds named Service (Knative) and wrong shapes
    { code: "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: web\n  namespace: team-a\nspec:\n  type: NodePort\n", ...inRepo(cluster) },
    { code: svc("team-a", "  type: [NodePort]\n  externalIPs: 10.0.0.1\n"), ...inRepo(cluster) },
    { code: "apiVersion: v1\nkind: Service\nmetadata: 3\nspec: null\n", ...inRepo(cluster) },
  ],
  invalid: [
    {
      code: svc("team-a", NODE_PORT),
      ...inRepo(cluster),
      errors: [{ messageId: "nodePort", line: 7, column: 9, data: { name: "web", namespace: "team-a", tenant: "a", detail: "node port 30080" } }],
    },
    {
      code: svc("oil-dev", "  type: NodePort\n  ports: [{port: 80}, {port: 443}]\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "nodePort", line: 7, data: { name: "web", namespace: "oil-dev", tenant: "oil", detail: "a node port for each service port" } }],
    },
    {
      code: svc("johns-space", "  ports: [{port: 80}]\n  externalIPs:\n    - 192.0.2.10\n    - 192.0.2.11\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "externalIPs", line: 8, column: 3, data: { name: "web", namespace: "johns-space", tenant: "johns", detail: "192.0.2.10, 192.0.2.11" } }],
    },
    {
      // both on one Service: two reports, each on its field
      code: svc("team-a", `${NODE_PORT}  externalIPs: [192.0.2.10]\n`),
      ...inRepo(cluster),
      errors: [
        { messageId: "nodePort", line: 7 },
        { messageId: "externalIPs", line: 11, data: { name: "web", namespace: "team-a", tenant: "a", detail: "192.0.2.10" } },
      ],
    },
    {
      // strict: LoadBalancer too, and every non-system namespace is a tenant
      code: svc("plain", LB),
      options: STRICT,
      ...inRepo(cluster),
      errors: [{ messageId: "loadBalancer", line: 7, data: { name: "web", namespace: "plain", tenant: "plain", detail: "a node port for each service port" } }],
    },
    {
      code: svc("team-a", LB),
      options: [{ tenants: "marked", allowLoadBalancer: false }],
      ...inRepo(cluster),
      errors: [{ messageId: "loadBalancer", line: 7 }],
    },
    {
      // the namespace comes from Kustomize
      code: svc(undefined, NODE_PORT),
      ...inRepo(cluster, "apps/svc.yaml"),
      errors: [{ messageId: "nodePort", line: 6, data: { name: "web", namespace: "team-a", tenant: "a", detail: "node port 30080" } }],
    },
    {
      code: "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: team-a}\n    spec: {type: NodePort, ports: [{port: 80}]}\n",
      ...inRepo(cluster),
      errors: [{ messageId: "nodePort", line: 7, column: 18 }],
    },
  ],
});
