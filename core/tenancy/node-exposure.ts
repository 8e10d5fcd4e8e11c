/**
 * How a Service reaches past the cluster network onto the nodes or the outside world. In a shared cluster these
 * belong to the platform team: a NodePort opens a port on every node (a cluster-wide range tenants can squat),
 * `externalIPs` captures traffic to any address for the whole cluster (CVE-2020-8554), a LoadBalancer provisions
 * cloud infrastructure and node ports too.
 */
import { asArray, asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";

export type ExposureKind = "NodePort" | "LoadBalancer" | "externalIPs";

export interface NodeExposure {
  kind: ExposureKind;
  /** The field to point at, from the Service's root. */
  path: readonly string[];
  /** What is exposed, for messages: `port 30080`, `192.0.2.10`. */
  detail: string;
}

export interface ExposureOptions {
  allowLoadBalancer: boolean;
}

export function nodeExposures(service: Readonly<Record<string, PlainValue>>, options: ExposureOptions): NodeExposure[] {
  const spec = asRecord(service.spec);
  const out: NodeExposure[] = [];
  const type = asString(spec?.type);
  if (type === "NodePort" || (type === "LoadBalancer" && !options.allowLoadBalancer)) {
    out.push({ kind: type, path: ["spec", "type"], detail: nodePortsOf(spec?.ports) });
  }
  const externalIPs = asArray(spec?.externalIPs).filter((ip): ip is string => typeof ip === "string" && ip !== "");
  if (externalIPs.length > 0) out.push({ kind: "externalIPs", path: ["spec", "externalIPs"], detail: externalIPs.join(", ") });
  return out;
}

/** `node ports 30080, 30443` when pinned, else `a node port per service port` (the API server picks them). */
function nodePortsOf(ports: PlainValue | undefined): string {
  const pinned = asArray(ports)
    .map((p) => asRecord(p)?.nodePort)
    .filter((p): p is number => typeof p === "number" && p > 0);
  if (pinned.length === 0) return "a node port for each service port";
  return `${pinned.length === 1 ? "node port" : "node ports"} ${pinned.join(", ")}`;
}
