import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-tenant-volume-reuse.js";

const ns = (name: string, labels = "{}") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n`;
const pvc = (namespace: string, name: string, spec: string) =>
  `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;
const pv = (name: string, spec: string, labels = "{}") =>
  `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\n  labels: ${labels}\nspec:\n  capacity: {storage: 1Gi}\n${spec}`;
const sc = (name: string, rest: string, meta = "") =>
  `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: ${name}\n${meta}provisioner: csi.example.com\n${rest}`;

const cluster = repo({
  "namespaces.yaml": [ns("team-a", "{tenant: a}"), ns("team-b", "{tenant: b}"), ns("infra")].join("---\n"),
  "claims.yaml": [
    pvc("team-a", "data", "  storageClassName: fast-retain\n"),
    pvc("team-a", "pinned", "  volumeName: named-pv\n"),
    pvc("kube-system", "sys", "  storageClassName: archive\n"),
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: team-b}\nspec:\n  volumeClaimTemplates:\n" +
      "    - metadata: {name: pgdata}\n      spec: {storageClassName: sts-retain}\n",
  ].join("---\n"),
  "volumes.yaml": [
    pv("reserved-a", "  claimRef: {namespace: team-a, name: data}\n"),
    pv("reserved-b", "  claimRef: {namespace: team-b, name: data}\n"),
    pv("free", "  persistentVolumeReclaimPolicy: Delete\n"),
  ].join("---\n"),
});
const capsule = repo({
  "tenants.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: oil}\nspec:\n  owners: [{kind: User, name: alice}]\n" +
    "  storageClasses:\n    allowed: [gold]\n    allowedRegex: '^ceph-'\n    matchLabels: {tier: shared}\n    default: silver\n",
});
const capsuleOpen = repo({
  "tenants.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: gas}\nspec:\n  owners: [{kind: User, name: bob}]\n",
});
const noTenants = repo({ "namespaces.yaml": ns("infra") });

const DEFAULT_CLASS = '  annotations: {storageclass.kubernetes.io/is-default-class: "true"}\n';

createRuleTester().run("no-tenant-volume-reuse", rule, {
  valid: [
    // Delete, written or defaulted, even for the default class and classes tenants use
    { code: sc("fast-retain", "reclaimPolicy: Delete\n"), ...inRepo(cluster) },
    { code: sc("standard", "", DEFAULT_CLASS), ...inRepo(cluster) },
    // Retain on a class no tenant claim names, that is not the default, with no Capsule Tenant
    { code: sc("archive", "reclaimPolicy: Retain\n"), ...inRepo(cluster) },
    // no tenant at all in the repository: even the default class is nobody's concern
    { code: sc("standard", "reclaimPolicy: Retain\n", DEFAULT_CLASS), ...inRepo(noTenants) },
    // Capsule: a class the Tenant does not allow
    { code: sc("bronze", "reclaimPolicy: Retain\n", "  labels: {tier: private}\n"), ...inRepo(capsule) },
    // a Retain volume reserved for a system namespace that no tenant claim names
    { code: pv("logs", "  claimRef: {namespace: kube-system, name: logs}\n"), ...inRepo(cluster) },
    { code: pv("gone", "  persistentVolumeReclaimPolicy: Delete\n  claimRef: {namespace: team-a, name: x}\n"), ...inRepo(cluster) },
    // a claim pre-bound to a volume reserved for its namespace; claims outside tenant namespaces
    { code: pvc("team-a", "data", "  volumeName: reserved-a\n"), ...inRepo(cluster) },
    { code: pvc("infra", "data", "  volumeName: ghost\n"), ...inRepo(cluster) },
    // wrong types anywhere: no crash, nothing widened
    { code: sc("odd", "reclaimPolicy: [Retain]\n", DEFAULT_CLASS), ...inRepo(cluster) },
    { code: pvc("team-a", "odd", "  volumeName: [x]\n  storageClassName: 3\n"), ...inRepo(cluster) },
    { code: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: odd, namespace: team-a}\nspec: text\n", ...inRepo(cluster) },
    {
      code:
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: odd, namespace: team-a}\nspec:\n  volumeClaimTemplates: {name: x}\n" +
        "  template:\n    spec:\n      volumes: 5\n      containers: [{name: a, image: app:1, volumeMounts: 3}]\n",
      ...inRepo(cluster),
    },
    { code: "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: odd}\nspec: {persistentVolumeReclaimPolicy: Delete, claimRef: 3}\n", ...inRepo(cluster) },
  ],
  invalid: [
    {
      code: sc("fast-retain", "reclaimPolicy: Retain\n"),
      ...inRepo(cluster),
      errors: [
        {
          messageId: "classRetain",
          line: 6,
          column: 16,
          data: { name: "fast-retain", policy: "Retain", use: "PersistentVolumeClaim 'team-a/data' uses it" },
        },
      ],
    },
    {
      code: sc("sts-retain", "reclaimPolicy: Retain\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "classRetain", line: 6, data: { name: "sts-retain", policy: "Retain", use: "StatefulSet 'team-b/db' uses it" } }],
    },
    {
      code: sc("standard", "reclaimPolicy: Retain\n", DEFAULT_CLASS),
      ...inRepo(cluster),
      errors: [
        { messageId: "classRetain", line: 7, data: { name: "standard", policy: "Retain", use: "is the default class" } },
      ],
    },
    {
      // Capsule spec.storageClasses: allowed, allowedRegex, matchLabels and default each allow a class
      code: [
        sc("gold", "reclaimPolicy: Retain\n"),
        sc("ceph-fs", "reclaimPolicy: Retain\n"),
        sc("shared", "reclaimPolicy: Retain\n", "  labels: {tier: shared}\n"),
        sc("silver", "reclaimPolicy: Retain\n"),
      ].join("---\n"),
      ...inRepo(capsule),
      errors: ["gold", "ceph-fs", "shared", "silver"].map((name, i) => ({
        messageId: "classRetain",
        line: [6, 13, 21, 28][i],
        data: { name, policy: "Retain", use: "Capsule Tenant 'oil' allows it" },
      })),
    },
    {
      code: sc("anything", "reclaimPolicy: Retain\n"),
      ...inRepo(capsuleOpen),
      errors: [{ messageId: "classRetain", data: { name: "anything", policy: "Retain", use: "Capsule Tenant 'gas' allows all classes" } }],
    },
    {
      // a hand-written PV without a policy is Retain; without claimRef any tenant claim can bind it
      code: pv("manual", "  hostPath: {path: /data}\n"),
      ...inRepo(cluster),
      errors: [
        {
          messageId: "volumeRetain",
          line: 4,
          data: { name: "manual", policy: "Retain", defaulted: " (the default)", use: "no claimRef: any tenant claim can bind it" },
        },
      ],
    },
    {
      code: pv("reserved-a", "  persistentVolumeReclaimPolicy: Recycle\n  claimRef: {namespace: team-a, name: data}\n"),
      ...inRepo(cluster),
      errors: [
        {
          messageId: "volumeRetain",
          line: 8,
          column: 34,
          data: { name: "reserved-a", policy: "Recycle", defaulted: "", use: "is reserved for tenant namespace 'team-a'" },
        },
      ],
    },
    {
      // reserved for a system namespace, but a tenant claim pre-binds to it by name
      code: pv("named-pv", "  persistentVolumeReclaimPolicy: Retain\n  claimRef: {namespace: kube-system, name: x}\n"),
      ...inRepo(cluster),
      errors: [{ messageId: "volumeRetain", data: { name: "named-pv", policy: "Retain", defaulted: "", use: "PersistentVolumeClaim 'team-a/pinned' pre-binds to it" } }],
    },
    {
      // labelled for tenant b, reserved for a namespace of tenant a
      code: pv("b-disk", "  persistentVolumeReclaimPolicy: Delete\n  claimRef: {namespace: team-a, name: data}\n", "{tenant: b}"),
      ...inRepo(cluster),
      errors: [{ messageId: "volumeForeignClaim", line: 9, column: 25, data: { name: "b-disk", owner: "b", namespace: "team-a", tenant: "a" } }],
    },
    {
      // a PV with no spec at all: Retain by default, reserved for nobody (and no crash)
      code: "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: bare}\n",
      ...inRepo(cluster),
      errors: [{ messageId: "volumeRetain", line: 3 }],
    },
    {
      code: [
        pvc("team-a", "steal", "  volumeName: reserved-b\n"),
        pvc("team-a", "grab", "  volumeName: free\n"),
        pvc("team-a", "guess", "  volumeName: ghost\n"),
      ].join("---\n"),
      ...inRepo(cluster),
      errors: [
        { messageId: "claimNotReserved", line: 7, column: 15, data: { kind: "PersistentVolumeClaim", name: "steal", namespace: "team-a", volume: "reserved-b", why: "reserved for namespace 'team-b'" } },
        { messageId: "claimNotReserved", line: 15, data: { kind: "PersistentVolumeClaim", name: "grab", namespace: "team-a", volume: "free", why: "which no claimRef reserves" } },
        { messageId: "claimNotReserved", line: 23, data: { kind: "PersistentVolumeClaim", name: "guess", namespace: "team-a", volume: "ghost", why: "which the repository does not define" } },
      ],
    },
    {
      // strict scope: every non-system namespace is a tenant
      code: pvc("infra", "data", "  volumeName: ghost\n"),
      options: [{ tenants: "all" }],
      ...inRepo(cluster),
      errors: [{ messageId: "claimNotReserved", data: { kind: "PersistentVolumeClaim", name: "data", namespace: "infra", volume: "ghost", why: "which the repository does not define" } }],
    },
  ],
});
