/**
 * Kubelet command-line flags as kubeadm passes them: `nodeRegistration.kubeletExtraArgs`. kubeadm writes them to
 * /var/lib/kubelet/kubeadm-flags.env, and a kubelet flag wins over the same setting in its config file (kubelet
 * docs, "Set Kubelet Parameters Via A Configuration File").
 *
 * Two shapes, read by shape rather than by apiVersion so unknown versions still work: kubeadm v1beta3 (and Cluster
 * API v1beta1) use a map of flag name to string; kubeadm v1beta4 (and Cluster API v1beta2) a list of
 * `{name, value}` that may repeat a name — the kubelet's flag parser keeps the last one.
 */
import { asRecord, getPair, nodeAt, unwrap, type YContent } from "../manifest/yaml-ast.js";

export interface KubeletFlag {
  /** As written: a string, or a YAML boolean/number a v1beta3 map should not hold but a person might write. */
  value: unknown;
  /** The value node, to point at. */
  node: YContent;
}

/** The last occurrence of flag `name` in a `kubeletExtraArgs` value (map or list); undefined when absent. */
export function kubeletFlag(extraArgs: YContent | null | undefined, name: string): KubeletFlag | undefined {
  const args = unwrap(extraArgs);
  if (!args) return undefined;
  if (args.type === "YAMLMapping") {
    const pair = getPair(args, name) ?? getPair(args, `--${name}`);
    const node = pair?.value ?? pair?.key;
    return pair && node ? { value: scalarValue(pair.value), node } : undefined;
  }
  if (args.type !== "YAMLSequence") return undefined;
  let found: KubeletFlag | undefined;
  for (const entry of args.entries) {
    const item = unwrap(entry);
    if (item?.type !== "YAMLMapping") continue;
    const flagName = scalarValue(nodeAt(item, ["name"]));
    if (flagName !== name && flagName !== `--${name}`) continue;
    const valueNode = nodeAt(item, ["value"]);
    found = { value: scalarValue(valueNode), node: valueNode ?? item };
  }
  return found;
}

function scalarValue(node: YContent | null | undefined): unknown {
  const target = unwrap(node);
  return target?.type === "YAMLScalar" ? target.value : target ? "(not a scalar)" : undefined;
}

/** Go's strconv.ParseBool, which the kubelet's boolean flags use: undefined when the text is not a boolean. */
export function parseGoBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** `featureGates` / the `feature-gates` flag value "A=true,B=false" as a map. */
export function parseFeatureGates(value: unknown): Record<string, boolean | undefined> {
  const out: Record<string, boolean | undefined> = {};
  const record = asRecord(value);
  if (record) {
    for (const [key, v] of Object.entries(record)) out[key] = parseGoBool(v);
    return out;
  }
  if (typeof value !== "string") return out;
  for (const part of value.split(",")) {
    const [key, v] = part.split("=");
    if (key?.trim()) out[key.trim()] = parseGoBool(v?.trim());
  }
  return out;
}
