/**
 * A safe, typed view of a pod template (`{ metadata, spec }` as plain data): every container of every list with its
 * path, the pod-level security context, the annotations. Wrong shapes (`spec: null`, `containers: {}`) become empty.
 */
import { asArray, asRecord, stringMap, type PlainValue } from "../manifest/yaml-ast.js";

/** A field path relative to the pod template: `["spec", "containers", 0, "securityContext", "privileged"]`. */
export type FieldPath = readonly (string | number)[];

export type PlainRecord = Record<string, PlainValue>;

export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

export interface ContainerView {
  /** The container's name; `containers[0]` style when it has none (still a readable message). */
  name: string;
  path: FieldPath;
  value: PlainRecord;
  /** `securityContext`, or an empty record. */
  securityContext: PlainRecord;
}

export interface PodView {
  annotations: Record<string, string>;
  spec: PlainRecord;
  /** `spec.securityContext`, or an empty record. */
  securityContext: PlainRecord;
  containers: ContainerView[];
  /** `spec.os.name: windows`: Linux-only restricted checks do not apply (Kubernetes 1.25+). */
  windows: boolean;
  /** `spec.hostUsers: false`: the pod runs in a user namespace, which relaxes the root-user checks (KEP-127). */
  userNamespace: boolean;
}

export const POD_SECURITY_CONTEXT: FieldPath = ["spec", "securityContext"];

export function podView(template: unknown): PodView {
  const root = asRecord(template);
  const spec = asRecord(root?.spec) ?? {};
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(spec[list]).forEach((entry, index) => {
      const value = asRecord(entry);
      if (!value) return;
      const name = typeof value.name === "string" && value.name ? value.name : `${list}[${index}]`;
      containers.push({
        name,
        path: ["spec", list, index],
        value,
        securityContext: asRecord(value.securityContext) ?? {},
      });
    });
  }
  return {
    annotations: stringMap(asRecord(root?.metadata)?.annotations),
    spec,
    securityContext: asRecord(spec.securityContext) ?? {},
    containers,
    windows: asRecord(spec.os)?.name === "windows",
    userNamespace: spec.hostUsers === false,
  };
}

/** The plain value at a path under a record (no AST: the core works on plain data). */
export function valueAt(root: unknown, path: FieldPath): PlainValue | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === "number") current = Array.isArray(current) ? current[step] : undefined;
    else current = asRecord(current)?.[step];
    if (current === undefined) return undefined;
  }
  return current as PlainValue;
}

/** `container "app"`, the admission controller's way to name a container. */
export function containerLabel(container: ContainerView): string {
  return `container ${JSON.stringify(container.name)}`;
}
