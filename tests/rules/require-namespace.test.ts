import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../src/rules/require-namespace.js";

const empty = repo();
const kustomized = repo({
  "apps/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\n",
  "overlay/kustomization.yaml": "namespace: team-b\nresources:\n  - ../base\n",
  "base/kustomization.yaml": "resources:\n  - cm.yaml\n",
});

createRuleTester().run("require-namespace", rule, {
  valid: [
    { code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: team-a\n", ...inRepo(empty) },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n", ...inRepo(empty) },
    { code: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n", ...inRepo(empty) },
    // non-Kubernetes YAML is left alone
    { code: "name: CI\non: [push]\njobs: {}\n", ...inRepo(empty) },
    { code: "apiVersion: v1\nkind: Config\nclusters: []\n", ...inRepo(empty) },
    // namespace from a kustomization that includes the file
    { code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", ...inRepo(kustomized, "apps/deploy.yaml") },
    // ...and through a base pulled in by an overlay
    { code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", ...inRepo(kustomized, "base/cm.yaml") },
  ],
  invalid: [
    {
      code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
      ...inRepo(empty),
      errors: [{ messageId: "missing", data: { kind: "ConfigMap", name: "c" }, line: 4, column: 9 }],
    },
    {
      code: "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n",
      ...inRepo(empty),
      errors: [{ messageId: "missing", line: 6 }],
    },
    {
      // a file the kustomization does not list gets no namespace from it
      code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\n",
      ...inRepo(kustomized, "apps/other.yaml"),
      errors: [{ messageId: "missing" }],
    },
  ],
});
