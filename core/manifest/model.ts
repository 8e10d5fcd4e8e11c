/**
 * The Kubernetes view of a YAML file: objects with their identity, and (for the linted file) the AST node of each
 * object so rules can point at the exact field. Objects held by the workspace index drop the AST to save memory.
 */
import type { PlainValue, YMapping } from "./yaml-ast.js";

export interface ManifestObject {
  apiVersion: string;
  /** API group ("" for the core group), from apiVersion. */
  group: string;
  kind: string;
  name: string | undefined;
  /** `metadata.namespace` as written (Kustomize may override it: see the workspace's effective namespaces). */
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** The whole object as plain data (aliases resolved, merge keys applied). */
  value: Readonly<Record<string, PlainValue>>;
  /** Absolute path of the file that holds it. */
  filePath: string;
  /** 1-based line of the object's start, for messages that point at other files. */
  line: number;
  /** Index of the YAML document in the file (0-based). */
  documentIndex: number;
  /** Index inside a `kind: List`'s items, when the object came from one. */
  listIndex: number | undefined;
}

/** An object of the file being linted: it keeps its AST node for precise report locations. */
export interface LintedObject extends ManifestObject {
  node: YMapping;
}

/** A kustomization file's facts that matter for namespaces and for reaching other files. */
export interface Kustomization {
  filePath: string;
  namespace: string | undefined;
  /** Entries of `resources:` (and legacy `bases:`), as written: files, folders or remote URLs. */
  resources: string[];
  /** `components:`; they share the kustomization's namespace too. */
  components: string[];
  /** Patch files (`patchesStrategicMerge:`, `patches[].path`, `patchesJson6902[].path`): fragments, not objects. */
  patches: string[];
  /**
   * Every patch in the order Kustomize applies them: a file (`path`) or inline text (`patch`, or an inline entry of
   * `patchesStrategicMerge`), with its `target` selector when given. The GitOps model reads them (Flux lockdown flags,
   * a `kubeConfig` or `serviceAccountName` a patch adds).
   */
  patchEntries: KustomizePatchEntry[];
  line: number;
}

export interface KustomizePatchEntry {
  path: string | undefined;
  patch: string | undefined;
  /** `target:` as written (group, version, kind, name, namespace, labelSelector...: regular expressions in Kustomize). */
  target: Readonly<Record<string, PlainValue>> | undefined;
}

export type FileKind =
  /** Holds at least one Kubernetes object. */
  | "kubernetes"
  /** A kustomization.yaml. */
  | "kustomization"
  /** YAML that is not Kubernetes (CI workflows, Helm values, docker-compose...), left alone. */
  | "other"
  /** Nothing in it (only comments or empty documents). */
  | "empty";

export interface ManifestFile<T extends ManifestObject = ManifestObject> {
  filePath: string;
  fileKind: FileKind;
  objects: T[];
  kustomization: Kustomization | undefined;
}

/** Kinds that are cluster-scoped (never carry a namespace). Unknown CRD kinds are treated as namespaced. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "CertificateSigningRequest",
  "PodSecurityPolicy",
  "ClusterIssuer",
  "ClusterPolicy",
  "ClusterPolicyReport",
  "Tenant",
  "TenantOwner",
  "GlobalTenantResource",
  "CapsuleConfiguration",
  "Account",
  "Space",
  "Template",
  "HNCConfiguration",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
