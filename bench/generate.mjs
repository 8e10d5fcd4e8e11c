#!/usr/bin/env node
/**
 * Deterministic generator of realistic GitOps repositories for `npm run bench`.
 *
 * Layout (Flux multi-tenancy style): clusters/ (Flux sync objects), infrastructure/ (system namespaces, ingress,
 * cert-manager, monitoring: where embedded certificates live), tenants/<team>/ (Namespace, NetworkPolicy,
 * LimitRange, ResourceQuota, RBAC, kustomization — each in its own file, so the rules must look across files;
 * every fifth tenant is a Capsule Tenant carrying its policies in the Tenant spec instead), apps/<team>/<app>/
 * (workloads: most of the files), one Helm chart (templates are skipped by the plugin), and a few deliberate mistakes
 * so the rules have something to report.
 *
 * Profile `tenant-heavy` instead: after the same platform files, one folder per tenant (tenants/<team>/) of ten
 * files — Namespace, NetworkPolicy, LimitRange, ResourceQuota, RBAC, kustomization (six of ten), then a Deployment,
 * Service, ConfigMap and ServiceAccount — so 10,000 files are ~1,000 tenants: the shape where a rule that compares
 * tenants with tenants grows with their square.
 *
 * The same `files`, `seed` and `profile` always give the same bytes, given the same certificates (real certificates carry fresh
 * keys and dates, so they are generated once per run by `makeCertificates()` and passed in).
 *
 *   node bench/generate.mjs --files 1000 [--seed 1] [--profile mixed|tenant-heavy] [--out bench/.out/repo-1000]
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Small fast PRNG: deterministic across Node versions (Math.random is not seedable). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ["payments", "search", "checkout", "identity", "catalog", "billing", "ledger", "growth", "data", "ml"];
const APPS = ["api", "web", "worker", "gateway", "scheduler", "indexer", "notifier", "auth", "reports", "sync"];
const IMAGES = ["nginx:1.27.3", "ghcr.io/acme/service:2.4.1", "registry.acme.io/platform/runner:1.9.0", "redis:7.4.1"];

const b64 = (text) => Buffer.from(text).toString("base64");
const indent = (text, spaces) =>
  text
    .split("\n")
    .map((l) => (l ? " ".repeat(spaces) + l : l))
    .join("\n");

/**
 * The repository as a sorted Map of relative path -> text. Pure: no disk, no clock.
 * @param {{ files: number, seed?: number, certs: Certificates }} options
 */
export function buildRepo({ files, seed = 1, certs, profile = "mixed" }) {
  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const out = new Map();
  const add = (rel, text) => out.set(rel, text.endsWith("\n") ? text : `${text}\n`);

  addPlatform(add, certs);
  addHelmChart(add);
  if (profile === "tenant-heavy") {
    for (let t = 0; out.size < files; t++) addTenantFolder(add, { t, rand, pick });
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  if (profile !== "mixed") throw new Error(`unknown profile ${profile} (mixed, tenant-heavy)`);

  for (let t = 0; out.size < files; t++) {
    const team = t < TEAMS.length ? TEAMS[t] : `${TEAMS[t % TEAMS.length]}-${Math.floor(t / TEAMS.length)}`;
    const capsule = t % 5 === 4;
    const appCount = 3 + Math.floor(rand() * 6);
    const apps = Array.from({ length: appCount }, (_, i) => (i < APPS.length ? APPS[i] : `${APPS[i % APPS.length]}-${i}`));
    addTenant(add, { team, t, capsule });
    const made = [];
    for (const [i, app] of apps.entries()) {
      if (out.size >= files) break;
      addApp(add, { team, app, t, i, rand, pick, certs });
      made.push(app);
    }
    add(
      `apps/${team}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${made.map((a) => `  - ${a}`).join("\n")}`,
    );
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Write the repository (and an empty `.git`, so the plugin finds the root) into `dir`, replacing it. */
export function writeRepo(dir, repo) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, ".git"), { recursive: true });
  let bytes = 0;
  for (const [rel, text] of repo) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
  }
  return { files: repo.size, bytes };
}

// ---------------------------------------------------------------------------------------------------------------
// Platform: clusters/, infrastructure/ (system namespaces, where certificates live)

function addPlatform(add, certs) {
  add(
    "clusters/production/flux-system/gotk-sync.yaml",
    `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  url: ssh://git@github.com/acme/fleet
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./clusters/production
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system`,
  );
  for (const name of ["infrastructure", "tenants", "apps"]) {
    add(
      `clusters/production/${name}.yaml`,
      `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${name}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system`,
    );
  }
  for (const ns of ["cert-manager", "ingress-nginx", "monitoring"]) {
    add(
      `infrastructure/${ns}/namespace.yaml`,
      `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    app.kubernetes.io/part-of: platform
    pod-security.kubernetes.io/enforce: privileged`,
    );
    add(
      `infrastructure/${ns}/release.yaml`,
      `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${ns}
  namespace: ${ns}
spec:
  interval: 30m
  chart:
    spec:
      chart: ${ns}
      version: "1.x"
      sourceRef:
        kind: HelmRepository
        name: ${ns}
        namespace: flux-system
  values:
    replicaCount: 2
    resources:
      requests:
        cpu: 100m
        memory: 128Mi`,
    );
  }
  // Embedded certificates: public parts (fine), one expiring soon, one expired, one weak, one private key (mistakes).
  add(
    "infrastructure/ingress-nginx/default-tls.yaml",
    `apiVersion: v1
kind: Secret
metadata:
  name: default-tls
  namespace: ingress-nginx
type: kubernetes.io/tls
data:
  tls.crt: ${b64(certs.valid)}
  # mistake: a plaintext private key committed to Git
  tls.key: ${b64(certs.validKey)}`,
  );
  add(
    "infrastructure/cert-manager/ca-bundle.yaml",
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: trusted-ca
  namespace: cert-manager
data:
  ca.crt: |
${indent(certs.valid.trim(), 4)}
  legacy-ca.crt: |
${indent(certs.expired.trim(), 4)}`,
  );
  add(
    "infrastructure/monitoring/webhook.yaml",
    `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: monitoring-webhook
webhooks:
  - name: validate.monitoring.acme.io
    admissionReviewVersions: ["v1"]
    sideEffects: None
    clientConfig:
      caBundle: ${b64(certs.expiring)}
      service:
        name: monitoring-webhook
        namespace: monitoring
        path: /validate`,
  );
  add(
    "infrastructure/monitoring/remote-kubeconfig.yaml",
    `apiVersion: v1
kind: Secret
metadata:
  name: remote-cluster
  namespace: monitoring
stringData:
  kubeconfig: |
    apiVersion: v1
    kind: Config
    clusters:
      - name: edge
        cluster:
          server: https://edge.acme.io:6443
          certificate-authority-data: ${b64(certs.weak)}
    users:
      - name: prometheus
        user:
          token: "<redacted>"
    contexts:
      - name: edge
        context:
          cluster: edge
          user: prometheus
    current-context: edge`,
  );
  add(
    "infrastructure/kustomization.yaml",
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - cert-manager
  - ingress-nginx
  - monitoring`,
  );
  for (const ns of ["cert-manager", "ingress-nginx", "monitoring"]) {
    const extra = { "cert-manager": ["ca-bundle.yaml"], "ingress-nginx": ["default-tls.yaml"], monitoring: ["webhook.yaml", "remote-kubeconfig.yaml"] };
    add(
      `infrastructure/${ns}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${["namespace.yaml", "release.yaml", ...extra[ns]].map((f) => `  - ${f}`).join("\n")}`,
    );
  }
}

/** One vendored Helm chart: its templates are Go templates (skipped by the plugin), values.yaml is plain YAML. */
function addHelmChart(add) {
  add("charts/edge-proxy/Chart.yaml", "apiVersion: v2\nname: edge-proxy\nversion: 0.3.1\nappVersion: \"1.27\"");
  add("charts/edge-proxy/values.yaml", "replicaCount: 2\nimage:\n  repository: nginx\n  tag: \"1.27.3\"\nservice:\n  port: 80");
  add(
    "charts/edge-proxy/templates/deployment.yaml",
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "edge-proxy.fullname" . }}
  namespace: {{ .Release.Namespace }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: proxy
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}`,
  );
  add(
    "charts/edge-proxy/templates/service.yaml",
    `apiVersion: v1
kind: Service
metadata:
  name: {{ include "edge-proxy.fullname" . }}
spec:
  ports:
    - port: {{ .Values.service.port }}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Tenants: the walls, in files of their own (the cross-file rules must find them)

function addTenant(add, { team, t, capsule }) {
  const dir = `tenants/${team}`;
  // mistake (every 11th): environments as namespaces of one cluster
  const namespaces = t % 11 === 5 ? [`${team}-dev`, `${team}-prod`] : [team];
  const level = t % 3 === 0 ? "restricted" : "baseline";
  const tenantLabel = capsule ? `capsule.clastix.io/tenant: ${team}` : `tenant: ${team}`;
  add(
    `${dir}/namespace.yaml`,
    namespaces
      .map(
        (ns) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    ${tenantLabel}
    pod-security.kubernetes.io/enforce: ${level}
    pod-security.kubernetes.io/warn: restricted
  annotations:
    acme.io/owner: ${team}@acme.io
    acme.io/cost-center: "cc-${1000 + t}"`,
      )
      .join("\n---\n"),
  );
  const resources = ["namespace.yaml", "rbac.yaml"];
  if (capsule) {
    add(`${dir}/tenant.yaml`, capsuleTenant(team));
    resources.push("tenant.yaml");
  } else {
    // mistake (every 7th): no NetworkPolicy for this tenant
    if (t % 7 !== 3) {
      add(`${dir}/network-policy.yaml`, networkPolicies(namespaces, t % 13 === 6));
      resources.push("network-policy.yaml");
    }
    add(`${dir}/limit-range.yaml`, namespaces.map(limitRange).join("\n---\n"));
    add(`${dir}/resource-quota.yaml`, namespaces.map((ns) => resourceQuota(ns, t)).join("\n---\n"));
    resources.push("limit-range.yaml", "resource-quota.yaml");
  }
  add(`${dir}/rbac.yaml`, rbac(team, namespaces, t % 17 === 8));
  add(
    `${dir}/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources.map((r) => `  - ${r}`).join("\n")}
commonLabels:
  acme.io/team: ${team}`,
  );
}

function capsuleTenant(team) {
  return `apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata:
  name: ${team}
spec:
  owners:
    - name: ${team}-admins
      kind: Group
  namespaceOptions:
    quota: 5
  networkPolicies:
    items:
      - policyTypes: [Ingress, Egress]
        podSelector: {}
        ingress:
          - from:
              - namespaceSelector:
                  matchLabels:
                    capsule.clastix.io/tenant: ${team}
        egress:
          - to:
              - namespaceSelector:
                  matchLabels:
                    capsule.clastix.io/tenant: ${team}
  limitRanges:
    items:
      - limits:
          - type: Container
            default:
              cpu: 500m
              memory: 512Mi
            defaultRequest:
              cpu: 100m
              memory: 128Mi
  resourceQuotas:
    scope: Tenant
    items:
      - hard:
          limits.cpu: "16"
          limits.memory: 32Gi
          pods: "100"`;
}

function networkPolicies(namespaces, openToAll) {
  return namespaces
    .map(
      (ns) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-same-namespace
  namespace: ${ns}
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {}
${openToAll ? "        # mistake: every namespace of the cluster may connect\n        - namespaceSelector: {}\n" : ""}  egress:
    - to:
        - podSelector: {}
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - protocol: UDP
          port: 53`,
    )
    .join("\n---\n");
}

function limitRange(ns) {
  return `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: ${ns}
spec:
  limits:
    - type: Container
      default:
        cpu: 500m
        memory: 512Mi
      defaultRequest:
        cpu: 100m
        memory: 128Mi
      max:
        cpu: "4"
        memory: 8Gi`;
}

function resourceQuota(ns, t) {
  return `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: ${ns}
spec:
  hard:
    requests.cpu: "${4 + (t % 4) * 2}"
    requests.memory: ${8 + (t % 4) * 4}Gi
    limits.cpu: "${8 + (t % 4) * 4}"
    limits.memory: ${16 + (t % 4) * 8}Gi
    pods: "50"
    services.loadbalancers: "0"
    services.nodeports: "0"`;
}

function rbac(team, namespaces, clusterWide) {
  const bindings = namespaces.map(
    (ns) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${team}-developers
  namespace: ${ns}
subjects:
  - kind: Group
    name: ${team}-developers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: ClusterRole
  name: edit
  apiGroup: rbac.authorization.k8s.io`,
  );
  if (clusterWide) {
    // mistake: a tenant group bound cluster-wide
    bindings.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${team}-view-all
subjects:
  - kind: Group
    name: ${team}-developers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: ClusterRole
  name: view
  apiGroup: rbac.authorization.k8s.io`);
  }
  return bindings.join("\n---\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Tenant-heavy profile: one folder of ten files per tenant

function addTenantFolder(add, { t, rand, pick }) {
  const team = `${TEAMS[t % TEAMS.length]}-${Math.floor(t / TEAMS.length)}`;
  const dir = `tenants/${team}`;
  const ns = team;
  const level = t % 3 === 0 ? "restricted" : "baseline";
  add(
    `${dir}/namespace.yaml`,
    `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    tenant: ${team}
    pod-security.kubernetes.io/enforce: ${level}
    pod-security.kubernetes.io/warn: restricted
  annotations:
    acme.io/owner: ${team}@acme.io`,
  );
  // Own tenant by label, the ingress controller by name; mistakes: every 13th opens to every namespace, every
  // 17th admits the next tenant by its label.
  const extraPeer =
    t % 13 === 6
      ? "        - namespaceSelector: {}\n"
      : t % 17 === 8
        ? `        - namespaceSelector:\n            matchLabels:\n              tenant: ${TEAMS[(t + 1) % TEAMS.length]}-${Math.floor((t + 1) / TEAMS.length)}\n`
        : "";
  add(
    `${dir}/network-policy.yaml`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-tenant-and-ingress
  namespace: ${ns}
spec:
  podSelector: {}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              tenant: ${team}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
${extraPeer}  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              tenant: ${team}
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - protocol: UDP
          port: 53`,
  );
  add(`${dir}/limit-range.yaml`, limitRange(ns));
  add(`${dir}/resource-quota.yaml`, resourceQuota(ns, t));
  add(`${dir}/rbac.yaml`, rbac(team, [ns], t % 19 === 9));
  const app = APPS[t % APPS.length];
  const port = 8000 + Math.floor(rand() * 100);
  const image = pick(IMAGES);
  const replicas = 2 + Math.floor(rand() * 4);
  add(
    `${dir}/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${ns}
resources:
${["namespace.yaml", "network-policy.yaml", "limit-range.yaml", "resource-quota.yaml", "rbac.yaml", "deployment.yaml", "service.yaml", "configmap.yaml", "serviceaccount.yaml"].map((f) => `  - ${f}`).join("\n")}
labels:
  - pairs:
      acme.io/team: ${team}`,
  );
  add(`${dir}/deployment.yaml`, deployment({ app, replicas, image, port, privileged: t % 29 === 11, kind: "Deployment" }));
  add(`${dir}/service.yaml`, service(app, t % 23 === 7 ? "NodePort" : "ClusterIP"));
  add(`${dir}/configmap.yaml`, configMap(app, port, rand));
  add(`${dir}/serviceaccount.yaml`, serviceAccount(app, team));
}

// ---------------------------------------------------------------------------------------------------------------
// Apps: workloads, the bulk of any GitOps repo

function addApp(add, { team, app, t, i, rand, pick, certs }) {
  const dir = `apps/${team}/${app}`;
  const ns = t % 11 === 5 ? `${team}-prod` : team;
  const k = t * 10 + i; // a stable per-app number for the (rare) mistakes
  // mistake (every 31st app): no kustomize namespace and none in metadata either
  const noNamespace = k % 31 === 17;
  const files = ["deployment.yaml", "service.yaml", "configmap.yaml", "serviceaccount.yaml"];
  if (rand() < 0.7) files.push("hpa.yaml");
  if (rand() < 0.6) files.push("pdb.yaml");
  if (rand() < 0.5) files.push("ingress.yaml");
  if (k % 41 === 9) files.push("tls.yaml");
  add(
    `${dir}/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${noNamespace ? "" : `namespace: ${ns}\n`}resources:
${files.map((f) => `  - ${f}`).join("\n")}
labels:
  - pairs:
      app.kubernetes.io/name: ${app}
      app.kubernetes.io/part-of: ${team}
    includeSelectors: true`,
  );
  const replicas = 2 + Math.floor(rand() * 4);
  const image = pick(IMAGES);
  const port = 8000 + Math.floor(rand() * 100);
  add(`${dir}/deployment.yaml`, deployment({ app, replicas, image, port, privileged: k % 29 === 11, kind: i === 2 && t % 4 === 1 ? "StatefulSet" : "Deployment" }));
  const exposure = k % 23 === 7 ? "NodePort" : "ClusterIP"; // mistake: NodePort in a tenant namespace
  add(`${dir}/service.yaml`, service(app, exposure));
  add(`${dir}/configmap.yaml`, configMap(app, port, rand));
  add(`${dir}/serviceaccount.yaml`, serviceAccount(app, team));
  if (files.includes("hpa.yaml")) {
    add(
      `${dir}/hpa.yaml`,
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${app}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${app}
  minReplicas: ${replicas}
  maxReplicas: ${replicas * 4}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70`,
    );
  }
  if (files.includes("pdb.yaml")) {
    add(
      `${dir}/pdb.yaml`,
      `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}`,
    );
  }
  if (files.includes("ingress.yaml")) {
    add(
      `${dir}/ingress.yaml`,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [${app}.${team}.acme.io]
      secretName: ${app}-tls
  rules:
    - host: ${app}.${team}.acme.io
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app}
                port:
                  name: http`,
    );
  }
  if (files.includes("tls.yaml")) {
    // a public certificate only (fine to commit); the key is managed elsewhere
    add(
      `${dir}/tls.yaml`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-upstream-ca
data:
  ca.crt: ${JSON.stringify(certs.valid)}`,
    );
  }
}

function service(app, exposure) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ${exposure}
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP`;
}

function configMap(app, port, rand) {
  const settingsLines = Array.from({ length: 4 + Math.floor(rand() * 12) }, (_, n) => `  ${app.toUpperCase().replace(/-/g, "_")}_SETTING_${n}: "${Math.floor(rand() * 100000)}"`);
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
data:
  LOG_LEVEL: info
  LOG_FORMAT: json
${settingsLines.join("\n")}
  application.yaml: |
    server:
      port: ${port}
      shutdown: graceful
    management:
      endpoints:
        web:
          exposure:
            include: health,prometheus`;
}

function serviceAccount(app, team) {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${team}-${app}
automountServiceAccountToken: false`;
}

function deployment({ app, replicas, image, port, privileged, kind }) {
  const security = privileged
    ? `          securityContext:
            # mistake: a privileged container in a tenant namespace
            privileged: true`
    : `          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: [ALL]
            seccompProfile:
              type: RuntimeDefault`;
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${app}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/version: "${image.split(":")[1]}"
spec:
  replicas: ${replicas}
${kind === "StatefulSet" ? `  serviceName: ${app}\n` : ""}  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "${port}"
    spec:
      serviceAccountName: ${app}
      securityContext:
        runAsNonRoot: true
        fsGroup: 10001
      containers:
        - name: ${app}
          image: ${image}
          imagePullPolicy: IfNotPresent
          args: ["--port=${port}", "--log-format=json"]
          ports:
            - name: http
              containerPort: ${port}
              protocol: TCP
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: CONFIG_PATH
              value: /etc/${app}/application.yaml
          envFrom:
            - configMapRef:
                name: ${app}-config
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 15
${security}
          volumeMounts:
            - name: config
              mountPath: /etc/${app}
              readOnly: true
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: config
          configMap:
            name: ${app}-config
        - name: tmp
          emptyDir: {}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates: generated once per run (fresh keys, dates relative to now), reused by every repo

/**
 * @typedef {{ valid: string, validKey: string, expiring: string, expired: string, weak: string }} Certificates
 * PEM texts: a healthy 2048-bit cert (and its PKCS#8 key), one expiring in 10 days, one expired 10 days ago, and a
 * weak one (RSA-1024, SHA-1).
 */
export async function makeCertificates(now = new Date()) {
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  const { webcrypto } = await import("node:crypto");
  x509.cryptoProvider.set(webcrypto);
  const day = 86_400_000;
  const make = async (cn, bits, hash, fromDays, toDays) => {
    const alg = { name: "RSASSA-PKCS1-v1_5", hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits };
    const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "0" + (1 + bits + toDays).toString(16),
      name: `CN=${cn}`,
      notBefore: new Date(now.getTime() + fromDays * day),
      notAfter: new Date(now.getTime() + toDays * day),
      signingAlgorithm: alg,
      keys,
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g).join("\n")}\n-----END PRIVATE KEY-----\n`;
    return { pem: cert.toString("pem") + "\n", key };
  };
  const valid = await make("ingress.acme.io", 2048, "SHA-256", -30, 365);
  const expiring = await make("webhook.monitoring.svc", 2048, "SHA-256", -355, 10);
  const expired = await make("legacy-ca.acme.io", 2048, "SHA-256", -740, -10);
  const weak = await make("edge-ca.acme.io", 1024, "SHA-1", -30, 365);
  return { valid: valid.pem, validKey: valid.key, expiring: expiring.pem, expired: expired.pem, weak: weak.pem };
}

// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { files: 1000, seed: 1, out: undefined, profile: "mixed" };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=");
    const value = inline ?? argv[++i];
    if (flag === "--files") args.files = Number(value);
    else if (flag === "--seed") args.seed = Number(value);
    else if (flag === "--out") args.out = value;
    else if (flag === "--profile") args.profile = value;
    else throw new Error(`unknown option ${flag} (use --files N --seed S --profile mixed|tenant-heavy --out DIR)`);
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const name = args.profile === "mixed" ? `repo-${args.files}` : `repo-${args.profile}-${args.files}`;
  const out = args.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".out", name);
  const certs = await makeCertificates();
  const { files, bytes } = writeRepo(out, buildRepo({ files: args.files, seed: args.seed, certs, profile: args.profile }));
  console.log(`${out}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB`);
}
