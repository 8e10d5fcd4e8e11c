/**
 * The shape of a Pod Security check, and the helpers the baseline and restricted checks share. Each check mirrors one
 * check of the Pod Security admission controller (k8s.io/pod-security-admission/policy): same id, same level, same
 * reason string, the version it appeared in.
 */
import type { PolicyVersion } from "./levels.js";
import { containerLabel, POD_SECURITY_CONTEXT, type ContainerView, type FieldPath, type PlainRecord, type PodView } from "./pod-view.js";

export interface Finding {
  /** The offending field. It may be absent: a required field that was never set. */
  path: FieldPath;
  /** Where to point when `path` is absent (the container's name, usually). */
  anchor?: FieldPath;
  /** The container's name, for container-level findings. */
  container?: string;
  /** The admission controller's detail text, e.g. `container "app" must not set securityContext.privileged=true`. */
  detail: string;
}

export interface Check {
  id: string;
  level: "baseline" | "restricted";
  /** The admission controller's reason, e.g. `privileged`, `runAsNonRoot != true`. */
  reason: string;
  /** Kubernetes 1.x minor version the check applies from. */
  since: number;
  /** Baseline checks this restricted check replaces (the admission controller's OverrideCheckIDs). */
  overrides?: readonly string[];
  /** Not applied to `spec.os.name: windows` pods from Kubernetes 1.25. */
  linuxOnly?: boolean;
  /** Not applied to pods in a user namespace (`spec.hostUsers: false`), whose root is not the node's root. */
  relaxedInUserNamespace?: boolean;
  run(pod: PodView, version: PolicyVersion): Finding[];
}

/** Who sets a security context: the pod (`spec.securityContext`) or one container. */
export interface Setter {
  /** `pod` or `container "app"`, as the admission controller words it. */
  who: string;
  securityContextPath: FieldPath;
  securityContext: PlainRecord;
  container?: ContainerView;
}

export function podSetter(pod: PodView): Setter {
  return { who: "pod", securityContextPath: POD_SECURITY_CONTEXT, securityContext: pod.securityContext };
}

export function containerSetter(container: ContainerView): Setter {
  return {
    who: containerLabel(container),
    securityContextPath: [...container.path, "securityContext"],
    securityContext: container.securityContext,
    container,
  };
}

/** The pod, then every container: for fields both levels may set (seccompProfile, seLinuxOptions, runAsUser...). */
export function setters(pod: PodView): Setter[] {
  return [podSetter(pod), ...pod.containers.map(containerSetter)];
}

/** A finding on a field of a setter's security context. */
export function finding(setter: Setter, field: FieldPath, detail: string): Finding {
  return {
    path: [...setter.securityContextPath, ...field],
    anchor: setter.container ? nameOf(setter.container) : setter.securityContextPath,
    container: setter.container?.name,
    detail,
  };
}

/** The container's `name:` node: where a missing field is reported. */
export function nameOf(container: ContainerView): FieldPath {
  return [...container.path, "name"];
}

/** `"a", "b"` (the admission controller's joinQuote). */
export function quoted(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
