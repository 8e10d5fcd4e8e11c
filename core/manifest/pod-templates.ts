/**
 * Where a workload keeps the template of the pods it creates. Every pod the controller makes is checked by Pod
 * Security admission against that template, so this is what a linter must evaluate.
 */
import type { ManifestObject } from "./model.js";
import { asArray, asRecord, type PlainValue } from "./yaml-ast.js";

const TEMPLATE = ["spec", "template"] as const;
const JOB_TEMPLATE = ["spec", "jobTemplate", "spec", "template"] as const;

/** `group/kind` -> path of the pod template (`{ metadata, spec }`) inside the object; `[]`: the object is the pod. */
const POD_TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ["/Pod", []],
  ["/PodTemplate", ["template"]],
  ["/ReplicationController", TEMPLATE],
  ["apps/Deployment", TEMPLATE],
  ["apps/StatefulSet", TEMPLATE],
  ["apps/DaemonSet", TEMPLATE],
  ["apps/ReplicaSet", TEMPLATE],
  // Removed API versions still found in old repositories.
  ["extensions/Deployment", TEMPLATE],
  ["extensions/DaemonSet", TEMPLATE],
  ["extensions/ReplicaSet", TEMPLATE],
  ["batch/Job", TEMPLATE],
  ["batch/CronJob", JOB_TEMPLATE],
  // Argo Rollouts (a Rollout with `workloadRef` has no template of its own).
  ["argoproj.io/Rollout", TEMPLATE],
  // OpenKruise workloads.
  ["apps.kruise.io/CloneSet", TEMPLATE],
  ["apps.kruise.io/StatefulSet", TEMPLATE],
  ["apps.kruise.io/DaemonSet", TEMPLATE],
  ["apps.kruise.io/BroadcastJob", TEMPLATE],
  ["apps.kruise.io/AdvancedCronJob", ["spec", "template", "jobTemplate", "spec", "template"]],
  // OpenShift DeploymentConfig (apps.openshift.io/v1; OpenShift 3 also served it ungrouped as `v1`).
  ["apps.openshift.io/DeploymentConfig", TEMPLATE],
  ["/DeploymentConfig", TEMPLATE],
  // Knative Serving: a Service's (or Configuration's) `spec.template` is the revision's pod template.
  ["serving.knative.dev/Service", TEMPLATE],
  ["serving.knative.dev/Configuration", TEMPLATE],
  // KEDA ScaledJob: `spec.jobTargetRef` is a batch JobSpec.
  ["keda.sh/ScaledJob", ["spec", "jobTargetRef", "template"]],
]);

export interface PodTemplate {
  /** Path of the template inside the object (for finding AST nodes). */
  path: readonly string[];
  /** The template: `{ metadata, spec }`. */
  value: Record<string, PlainValue>;
}

/** The pod template of a workload, or undefined for objects that make no pods (or whose template is missing). */
export function podTemplateOf(obj: Pick<ManifestObject, "group" | "kind" | "value">): PodTemplate | undefined {
  const path = POD_TEMPLATE_PATHS.get(`${obj.group}/${obj.kind}`);
  if (!path) return undefined;
  let value: unknown = obj.value;
  for (const key of path) value = asRecord(value)?.[key];
  const template = asRecord(value);
  return template && asRecord(template.spec) ? { path, value: template } : undefined;
}

/** Whether objects of this group/kind make pods from a template this module knows. */
export function makesPods(group: string, kind: string): boolean {
  return POD_TEMPLATE_PATHS.has(`${group}/${kind}`);
}

/**
 * Whether the template could be created at all: every container names an image. One that does not is a patch
 * fragment (a Kustomize overlay, a Helm values snippet) that the API server would refuse before any admission check.
 */
export function isCompletePodTemplate(template: PodTemplate): boolean {
  const containers = asArray(asRecord(template.value.spec)?.containers);
  return containers.length > 0 && containers.every((c) => typeof asRecord(c)?.image === "string");
}
