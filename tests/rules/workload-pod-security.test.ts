import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/workload-pod-security.js";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const ns = (name: string, labels: Record<string, string>) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels)
    .map(([k, v]) => `    ${k}: "${v}"\n`)
    .join("")}`;

const namespaces = [
  ns("team-a", { [ENFORCE]: "restricted" }),
  ns("team-b", { [ENFORCE]: "baseline", tenant: "b" }),
  ns("infra", { [ENFORCE]: "privileged" }),
  ns("old", { [ENFORCE]: "restricted", [`${ENFORCE}-version`]: "v1.22" }),
  ns("typo", { [ENFORCE]: "Restricted" }),
  ns("team-c", { tenant: "c" }),
  ns("acme-dev", { "capsule.clastix.io/tenant": "acme" }),
].join("---\n");

const cluster = repo({
  "namespaces.yaml": namespaces,
  "tenants/acme.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: acme\nspec:\n  owners: [{kind: User, name: alice}]\n" +
    `  namespaceOptions:\n    additionalMetadata:\n      labels:\n        ${ENFORCE}: restricted\n`,
  "tenants/johns.yaml":
    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: johns\nspec:\n  space:\n    spaceTemplate:\n" +
    `      metadata:\n        labels:\n          ${ENFORCE}: baseline\n---\n` +
    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\nspec:\n  account: johns\n",
  "apps/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\n",
  "base/kustomization.yaml": "resources:\n  - deploy.yaml\n",
  "overlays/a/kustomization.yaml": "namespace: team-a\nresources:\n  - ../../base\n",
  "overlays/b/kustomization.yaml": "namespace: team-b\nresources:\n  - ../../base\n",
  "patched/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\npatchesStrategicMerge:\n  - patch.yaml\n",
});

/** A restricted-compliant container, lines 7-14 of `pod()`. */
const HARDENED = `  containers:
    - name: app
      image: nginx
      securityContext:
        allowPrivilegeEscalation: false
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
        capabilities: {drop: [ALL]}
`;

/** A Pod in `namespace` whose spec is `spec` (indented by 2); spec line N is file line 6 + N. */
const pod = (namespace: string, spec: string = HARDENED, metadata = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ${namespace}\n${metadata}spec:\n${spec}`;

const source = (namespace: string, value: string) => `label ${ENFORCE}=${value} of Namespace '${namespace}'`;
const A = { kind: "Pod", name: "p", namespace: "team-a", policy: "restricted:latest", source: source("team-a", "restricted") };
const B = { kind: "Pod", name: "p", namespace: "team-b", policy: "baseline:latest", source: source("team-b", "baseline") };

const at = (line: number, data: Record<string, string>, violation: string) => ({ messageId: "rejected", line, data: { ...data, violation } });

createRuleTester().run("workload-pod-security", rule, {
  valid: [
    // restricted: a hardened pod
    { code: pod("team-a"), ...inRepo(cluster) },
    // baseline admits a default container
    { code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n"), ...inRepo(cluster) },
    // privileged namespace, no label, unknown namespace, no namespace: nothing to enforce (recommended)
    { code: pod("infra", "  hostNetwork: true\n  containers:\n    - name: app\n      image: nginx\n      securityContext: {privileged: true}\n"), ...inRepo(cluster) },
    { code: pod("team-c", "  containers:\n    - name: app\n      image: nginx\n"), ...inRepo(cluster) },
    { code: pod("elsewhere", "  hostPID: true\n  containers:\n    - {name: app, image: nginx}\n"), ...inRepo(cluster) },
    { code: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - {name: app, image: nginx}\n", ...inRepo(cluster) },
    // runAsUser=0 is a restricted check only from v1.23: enforce-version v1.22 admits it
    { code: pod("old", `${HARDENED}        runAsUser: 0\n`), ...inRepo(cluster) },
    // objects that make no pods, and non-Kubernetes YAML
    { code: "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: team-a\nspec:\n  ports: [{port: 80}]\n", ...inRepo(cluster) },
    { code: "name: CI\non: [push]\njobs: {}\n", ...inRepo(cluster) },
    // an Argo Rollout that points at a Deployment has no template of its own
    { code: "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\n  namespace: team-a\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n", ...inRepo(cluster) },
    // a Kustomize patch is a fragment, not a workload
    { code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:2\n", ...inRepo(cluster, "patched/patch.yaml") },
    // a container with no image cannot be created at all: a fragment
    { code: pod("team-a", "  containers:\n    - name: app\n      ports: [{containerPort: 8080}]\n"), ...inRepo(cluster) },
    // wrong shapes never crash
    { code: "apiVersion: v1\nkind: Pod\nmetadata: 3\nspec: null\n", ...inRepo(cluster) },
    { code: pod("team-a", "  containers: {}\n"), ...inRepo(cluster) },
    { code: pod("team-a", "  containers: [3, null]\n  volumes: x\n  securityContext: []\n"), ...inRepo(cluster) },
    { code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: team-a\nspec:\n  template: []\n", ...inRepo(cluster) },
    // the option: unlabelled tenant namespaces are checked only when asked
    {
      code: pod("team-c"),
      options: [{ tenants: "marked", tenantDefaultLevel: "restricted" }],
      ...inRepo(cluster),
    },
    {
      code: pod("elsewhere", "  containers:\n    - {name: app, image: nginx}\n"),
      options: [{ tenants: "marked", tenantDefaultLevel: "restricted" }],
      ...inRepo(cluster),
    },
  ],
  invalid: [
    // ---- baseline checks, in a baseline namespace ----
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n"),
      ...inRepo(cluster),
      errors: [at(11, B, 'privileged (container "app" must not set securityContext.privileged=true)')],
    },
    {
      code: pod("team-b", "  hostNetwork: true\n  hostIPC: true\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [at(7, B, "host namespaces (hostNetwork=true)"), at(8, B, "host namespaces (hostIPC=true)")],
    },
    {
      code: pod("team-b", "  containers:\n    - {name: app, image: nginx}\n  volumes:\n    - name: sock\n      hostPath:\n        path: /var/run/docker.sock\n"),
      ...inRepo(cluster),
      errors: [at(11, B, 'hostPath volumes (volume "sock")')],
    },
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      ports:\n        - containerPort: 80\n          hostPort: 80\n"),
      ...inRepo(cluster),
      errors: [at(12, B, 'hostPort (container "app" uses hostPort 80)')],
    },
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        capabilities:\n          add: [NET_BIND_SERVICE, SYS_ADMIN]\n"),
      ...inRepo(cluster),
      errors: [at(12, B, 'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)')],
    },
    {
      code: pod("team-b", "  containers:\n    - {name: app, image: nginx}\n", "  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined\n"),
      ...inRepo(cluster),
      errors: [at(7, B, 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/app="unconfined")')],
    },
    {
      code: pod("team-b", "  securityContext:\n    appArmorProfile:\n      type: Unconfined\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [at(9, B, 'forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to "Unconfined")')],
    },
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        seLinuxOptions:\n          type: spc_t\n"),
      ...inRepo(cluster),
      errors: [at(12, B, 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")')],
    },
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        procMount: Unmasked\n"),
      ...inRepo(cluster),
      errors: [at(11, B, 'procMount (container "app" must not set securityContext.procMount to "Unmasked")')],
    },
    {
      code: pod("team-b", "  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [at(9, B, 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")')],
    },
    {
      code: pod("team-b", "  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: '65536'\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [at(9, B, "forbidden sysctls (kernel.msgmax)")],
    },
    {
      code: pod("team-b", "  securityContext:\n    windowsOptions: {hostProcess: true}\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [at(8, B, "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)")],
    },
    {
      code: pod("team-b", "  containers:\n    - name: app\n      image: nginx\n      readinessProbe:\n        tcpSocket: {host: 10.0.0.1, port: 22}\n"),
      ...inRepo(cluster),
      errors: [at(11, B, 'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")')],
    },
    // ---- restricted checks, in a restricted namespace ----
    {
      // a default container: four checks, each reported once on the container's name
      code: pod("team-a", "  containers:\n    - name: web\n      image: nginx\n"),
      ...inRepo(cluster),
      errors: [
        at(8, A, 'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false)'),
        at(8, A, 'runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true)'),
        at(8, A, 'seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'),
        at(8, A, 'unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"])'),
      ],
    },
    {
      // the admission check compares "ALL" exactly: lowercase `all` drops nothing
      code: pod("team-a", HARDENED.replace("[ALL]", "[all]")),
      ...inRepo(cluster),
      errors: [at(14, A, 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"] (case-sensitive: "all" does not count))')],
    },
    {
      code: pod("team-a", `${HARDENED}  volumes:\n    - name: share\n      nfs: {server: nfs.local, path: /}\n`),
      ...inRepo(cluster),
      errors: [at(17, A, 'restricted volume types (volume "share" uses restricted volume type "nfs")')],
    },
    {
      code: pod("team-a", `${HARDENED}        runAsUser: 0\n`),
      ...inRepo(cluster),
      errors: [at(15, A, 'runAsUser=0 (container "app" must not set runAsUser=0)')],
    },
    {
      code: pod("team-a", HARDENED.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")),
      ...inRepo(cluster),
      errors: [at(11, A, 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)')],
    },
    {
      code: pod("team-a", HARDENED.replace("runAsNonRoot: true", "runAsNonRoot: false")),
      ...inRepo(cluster),
      errors: [at(12, A, 'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)')],
    },
    {
      // restricted includes baseline: a privileged init container too
      code: pod("team-a", `${HARDENED}  initContainers:\n    - name: init\n      image: busybox\n      securityContext:\n        privileged: true\n        allowPrivilegeEscalation: false\n        runAsNonRoot: true\n        capabilities: {drop: [ALL]}\n`),
      ...inRepo(cluster),
      errors: [
        at(16, A, 'seccompProfile (pod or container "init" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'),
        at(19, A, 'privileged (container "init" must not set securityContext.privileged=true)'),
      ],
    },
    {
      // an unparseable level fails closed, and the message says so
      code: pod("typo", "  hostPID: true\n" + HARDENED),
      ...inRepo(cluster),
      errors: [
        at(7, { ...A, namespace: "typo", source: `${source("typo", "Restricted")}, not a level: admission reads it as "restricted"` }, "host namespaces (hostPID=true)"),
      ],
    },
    // ---- workloads: where the pod template lives ----
    {
      code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team-b\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n    spec:\n      containers:\n        - {name: app, image: nginx}\n",
      ...inRepo(cluster),
      errors: [at(10, { ...B, kind: "Deployment", name: "web" }, 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/app="unconfined")')],
    },
    {
      code: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\n  namespace: team-b\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: true\n          containers:\n            - {name: app, image: busybox}\n",
      ...inRepo(cluster),
      errors: [at(12, { ...B, kind: "CronJob", name: "backup" }, "host namespaces (hostPID=true)")],
    },
    {
      code: "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\n  namespace: team-b\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - {name: app, image: nginx}\n",
      ...inRepo(cluster),
      errors: [at(9, { ...B, kind: "Rollout", name: "r" }, "host namespaces (hostNetwork=true)")],
    },
    {
      code: "apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata:\n  name: c\n  namespace: team-b\nspec:\n  template:\n    spec:\n      hostIPC: true\n      containers:\n        - {name: app, image: nginx}\n",
      ...inRepo(cluster),
      errors: [at(9, { ...B, kind: "CloneSet", name: "c" }, "host namespaces (hostIPC=true)")],
    },
    {
      code: "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: DaemonSet\n    metadata: {name: agent, namespace: team-b}\n    spec:\n      template:\n        spec:\n          hostPID: true\n          containers: [{name: a, image: agent}]\n",
      ...inRepo(cluster),
      errors: [at(10, { ...B, kind: "DaemonSet", name: "agent" }, "host namespaces (hostPID=true)")],
    },
    // OpenShift DeploymentConfig, Knative Service, KEDA ScaledJob: their pod templates are checked like a Deployment's
    {
      code: "apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: dc\n  namespace: team-b\nspec:\n  replicas: 1\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - {name: app, image: nginx}\n",
      ...inRepo(cluster),
      errors: [at(10, { ...B, kind: "DeploymentConfig", name: "dc" }, "host namespaces (hostNetwork=true)")],
    },
    {
      code: "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\n  namespace: team-b\nspec:\n  template:\n    spec:\n      containers:\n        - image: nginx\n          securityContext: {privileged: true}\n",
      ...inRepo(cluster),
      errors: [at(11, { ...B, kind: "Service", name: "hello" }, 'privileged (container "containers[0]" must not set securityContext.privileged=true)')],
    },
    {
      code: "apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata:\n  name: sj\n  namespace: team-b\nspec:\n  jobTargetRef:\n    template:\n      spec:\n        hostPID: true\n        containers:\n          - {name: worker, image: busybox}\n",
      ...inRepo(cluster),
      errors: [at(10, { ...B, kind: "ScaledJob", name: "sj" }, "host namespaces (hostPID=true)")],
    },
    // ---- where the namespace and its level come from ----
    {
      // Kustomize `namespace:` reaching the file
      code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      hostNetwork: true\n" + HARDENED.replace(/^/gm, "    "),
      ...inRepo(cluster, "apps/deploy.yaml"),
      errors: [at(8, { ...A, kind: "Deployment", name: "web" }, "host namespaces (hostNetwork=true)")],
    },
    {
      // a base in two overlays: the strictest namespace governs
      code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - {name: app, image: nginx}\n",
      ...inRepo(cluster, "base/deploy.yaml"),
      errors: [
        at(9, { ...A, kind: "Deployment", name: "web" }, 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)'),
        at(9, { ...A, kind: "Deployment", name: "web" }, 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)'),
        at(9, { ...A, kind: "Deployment", name: "web" }, 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'),
        at(9, { ...A, kind: "Deployment", name: "web" }, 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])'),
      ],
    },
    {
      // Capsule stamps the label on every namespace of the tenant
      code: pod("acme-dev", "  hostPID: true\n" + HARDENED),
      ...inRepo(cluster),
      errors: [
        at(
          7,
          { ...A, namespace: "acme-dev", source: `label ${ENFORCE}=restricted set by Capsule Tenant 'acme' spec.namespaceOptions.additionalMetadata` },
          "host namespaces (hostPID=true)",
        ),
      ],
    },
    {
      // kiosk's space template labels the Space's namespace
      code: pod("johns-space", "  hostNetwork: true\n  containers:\n    - {name: app, image: nginx}\n"),
      ...inRepo(cluster),
      errors: [
        at(
          7,
          { ...B, namespace: "johns-space", source: `label ${ENFORCE}=baseline set by kiosk Account 'johns' spec.space.spaceTemplate` },
          "host namespaces (hostNetwork=true)",
        ),
      ],
    },
    // ---- strict: unlabelled tenant namespaces are held to restricted ----
    {
      code: pod("team-c", "  hostNetwork: true\n" + HARDENED),
      options: [{ tenants: "marked", tenantDefaultLevel: "restricted" }],
      ...inRepo(cluster),
      errors: [
        {
          messageId: "rejectedTenant",
          line: 7,
          data: { kind: "Pod", name: "p", namespace: "team-c", tenant: "c", source: "label tenant=c", policy: "restricted:latest", level: "restricted", violation: "host namespaces (hostNetwork=true)" },
        },
      ],
    },
    {
      code: pod("elsewhere", "  hostNetwork: true\n" + HARDENED),
      options: [{ tenants: "all", tenantDefaultLevel: "baseline" }],
      ...inRepo(cluster),
      errors: [
        {
          messageId: "rejectedTenant",
          line: 7,
          data: { kind: "Pod", name: "p", namespace: "elsewhere", tenant: "elsewhere", source: "strict: every non-system namespace", policy: "baseline:latest", level: "baseline", violation: "host namespaces (hostNetwork=true)" },
        },
      ],
    },
    {
      // a label that is present governs, even when weaker than the tenant default
      code: pod("team-b", "  hostNetwork: true\n  containers:\n    - {name: app, image: nginx}\n"),
      options: [{ tenants: "all", tenantDefaultLevel: "restricted" }],
      ...inRepo(cluster),
      errors: [at(7, B, "host namespaces (hostNetwork=true)")],
    },
  ],
});
