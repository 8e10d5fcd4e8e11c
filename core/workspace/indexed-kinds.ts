/**
 * The kinds the repository index keeps, and the exact text pre-filter that lets it skip parsing most files.
 * Adding a kind the cross-file rules ask about: add it to INDEXED_KINDS, nothing else.
 */
import { isKustomizationFileName } from "../manifest/collect.js";

export const INDEXED_KINDS: readonly string[] = [
  "Namespace",
  "NetworkPolicy",
  "CiliumNetworkPolicy",
  // Cluster-wide network policies (Cilium, Calico, SIG Network's policy API): they protect every namespace they select.
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
  "LimitRange",
  "ResourceQuota",
  "Tenant",
  "TenantResource",
  "GlobalTenantResource",
  "GlobalResourceQuota",
  "ResourcePool",
  "TenantOwner",
  "Account",
  "Space",
  "Template",
  "TemplateInstance",
  "SubnamespaceAnchor",
  "HierarchyConfiguration",
  "HNCConfiguration",
  "ClusterPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  // Flux Kustomizations (kustomize's own kustomization files are always indexed, by name or apiVersion).
  "Kustomization",
  // Custom resources the repo defines: their scope (Cluster/Namespaced) decides whether they need a namespace.
  "CustomResourceDefinition",
  // Argo CD Applications: their destination tells which cluster a folder's manifests go to (environment scopes).
  "Application",
  // Tenancy providers: vcluster installs (Flux HelmRelease, vCluster Platform), Config Sync hierarchical repos.
  "HelmRelease",
  "VirtualClusterInstance",
  "VirtualClusterTemplate",
  "Repo",
  "NamespaceSelector",
  // Storage tenants can reach (no-tenant-volume-reuse): classes, volumes, and the claims that name them.
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "StatefulSet",
  // The GitOps delivery layer (core/gitops): Flux FluxInstance, Argo CD ApplicationSets and projects (HelmRelease above).
  "ApplicationSet",
  "AppProject",
  "FluxInstance",
];

const INDEXED = new Set(INDEXED_KINDS);

/**
 * Kinds the index keeps only part of the `spec` of, because nothing reads the rest: a CustomResourceDefinition is
 * read for its group, kind and scope (crd-scopes.ts), and its OpenAPI schema was half of the corpus's indexed values
 * (0.72 of 1.44 MB). Part of the persistent index's key, like INDEXED_KINDS.
 */
export const INDEXED_SPEC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CustomResourceDefinition: ["group", "names", "scope"],
};

/** Whether the index keeps objects of this kind. */
export function isIndexedKind(kind: string): boolean {
  return INDEXED.has(kind);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Text that may hold an indexed object. Exact (never skips a file that holds one), whatever the style — block,
 * flow, JSON, quoted keys, anchors, CRLF, BOM — because it looks for the kind's *value*, not for a `kind:` line:
 * a scalar equal to an indexed kind must appear in the text as that word, delimited by non-word characters
 * (a plain, quoted or block scalar, an anchored value an alias repeats), unless a double-quoted escape spells it
 * (`"Name\u0073pace"`, an escaped line break): any backslash sends the file to the parser. Items of a
 * `kind: List` carry their own kind word; `kustomize.config.k8s.io` marks kustomize configs whatever their name.
 */
const MAY_HOLD_INDEXED = new RegExp(
  `\\b(?:${INDEXED_KINDS.map(escapeRegExp).join("|")})\\b|kustomize\\.config\\.k8s\\.io|\\\\`,
);

export function mayHoldIndexedObject(text: string, filePath: string): boolean {
  return isKustomizationFileName(filePath) || MAY_HOLD_INDEXED.test(text);
}

/** `KUBE_LINT_INDEX_PREFILTER=off` (or `settings.kube.indexPrefilter: false`) parses every file: slower, same index. */
export function prefilterDisabledByEnv(): boolean {
  return /^(off|0|false|no)$/i.test(process.env.KUBE_LINT_INDEX_PREFILTER ?? "");
}

/**
 * Indexed kinds whose effect on findings stays inside their own namespace(s) (`kube-lint --changed` follows them
 * namespace by namespace). Every other indexed kind — cluster-scoped ones, tenants, templates, HNC, delivery
 * objects — may reach anywhere: a change to one re-lints the whole repository. A new indexed kind is "anywhere"
 * until it is listed here.
 */
export const LOCAL_KINDS: ReadonlySet<string> = new Set([
  "NetworkPolicy",
  "CiliumNetworkPolicy",
  "LimitRange",
  "ResourceQuota",
  "Role",
  "RoleBinding",
]);
