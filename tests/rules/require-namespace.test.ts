import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-namespace.js";

const empty = repo();
const kustomized = repo({
  "apps/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\n",
  "overlay/kustomization.yaml": "namespace: team-b\nresources:\n  - ../base\n",
  "base/kustomization.yaml": "resources:\n  - cm.yaml\n",
});

const crds = repo({
  "crds/widgets.yaml":
    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Cluster\n  names: {kind: Widget, plural: widgets}\n",
  "crds/templates.yaml":
    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: templates.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Template, plural: templates}\n",
  "gadgets.yaml":
    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Gadget, plural: gadgets}\n",
});
const patched = repo({
  "app/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\npatchesStrategicMerge:\n  - replicas.yaml\npatches:\n  - path: image.yaml\n    target: {kind: Deployment}\n",
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
    // a CRD in the repository says its kind is cluster-scoped
    { code: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", ...inRepo(crds) },
    // cluster-scoped kinds known by API group, beyond the built-in list
    { code: "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: must-have-owner\n", ...inRepo(empty) },
    { code: "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deny\n", ...inRepo(empty) },
    { code: "apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: scc\n", ...inRepo(empty) },
    { code: "apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: FlowSchema\nmetadata:\n  name: f\n", ...inRepo(empty) },
    // tool configuration files are never applied to a cluster
    { code: "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n", ...inRepo(empty) },
    { code: "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.0\n", ...inRepo(empty) },
    { code: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n", ...inRepo(empty) },
    { code: "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n", ...inRepo(empty) },
    { code: "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]\n", ...inRepo(empty) },
    { code: "apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n", ...inRepo(empty) },
    { code: "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nmetadata:\n  name: t\n", ...inRepo(empty) },
    { code: "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: app\n", ...inRepo(empty) },
    { code: "apiVersion: example.com/v1\nkind: Shirt\nmetadata:\n  name: s\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n", ...inRepo(empty) },
    { code: "apiVersion: fn.example.com/v1\nkind: Render\nmetadata:\n  name: r\n  annotations:\n    config.kubernetes.io/function: |\n      container: {image: fn}\n", ...inRepo(empty) },
    // Kustomize patches are fragments merged into objects that get the namespace
    { code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n", ...inRepo(patched, "app/replicas.yaml") },
    { code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", ...inRepo(patched, "app/image.yaml") },
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
    {
      // a CRD saying Namespaced beats the built-in guess from the kind's name (kiosk's Template is cluster-scoped)
      code: "apiVersion: example.com/v1\nkind: Template\nmetadata:\n  name: t\n",
      ...inRepo(crds),
      errors: [{ messageId: "missing", data: { kind: "Template", name: "t" }, line: 4 }],
    },
    {
      code: "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n",
      ...inRepo(crds),
      errors: [{ messageId: "missing", data: { kind: "Gadget", name: "g" }, line: 4 }],
    },
    {
      // a Flux Kustomization is an object applied to the cluster, not a kustomization file
      code: "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps\n",
      ...inRepo(empty, "clusters/prod/apps.yaml"),
      errors: [{ messageId: "missing", data: { kind: "Kustomization", name: "apps" }, line: 4 }],
    },
    {
      // a file next to a patch, but not itself a patch
      code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
      ...inRepo(patched, "app/extra.yaml"),
      errors: [{ messageId: "missing", line: 4 }],
    },
    {
      code: "apiVersion: v1\nkind: Secret\nmetadata:\n  labels: {a: b}\n",
      ...inRepo(empty),
      errors: [{ messageId: "missing", data: { kind: "Secret", name: "(unnamed)" }, line: 1, column: 1 }],
    },
    {
      // wrong shapes: still reported, on the object
      code: "apiVersion: v1\nkind: ConfigMap\nmetadata: 3\n",
      ...inRepo(empty),
      errors: [{ messageId: "missing", data: { kind: "ConfigMap", name: "(unnamed)" }, line: 1 }],
    },
  ],
});
