/**
 * Which documents of a file configure a node, and how: kubeadm's own config documents, a kubelet config, or a
 * Cluster API object wrapping kubeadm's configuration. A kubeadm config file is one multi-document file
 * (`kubeadm init --config`): the documents of one file are read together, never across files.
 */
import path from "node:path";
import type { LintedObject, ManifestFile } from "../manifest/model.js";
import { nodeAt, type YContent } from "../manifest/yaml-ast.js";

export const KUBEADM_GROUP = "kubeadm.k8s.io";
export const KUBELET_GROUP = "kubelet.config.k8s.io";

/** Where each Cluster API kind keeps its KubeadmConfigSpec (init/join/clusterConfiguration, files). */
const CAPI_SPEC_PATHS: Record<string, { group: string; path: readonly string[]; role: "control-plane" | "config" | "workers" }> = {
  KubeadmConfig: { group: "bootstrap.cluster.x-k8s.io", path: ["spec"], role: "config" },
  KubeadmConfigTemplate: { group: "bootstrap.cluster.x-k8s.io", path: ["spec", "template", "spec"], role: "workers" },
  KubeadmControlPlane: { group: "controlplane.cluster.x-k8s.io", path: ["spec", "kubeadmConfigSpec"], role: "control-plane" },
  KubeadmControlPlaneTemplate: {
    group: "controlplane.cluster.x-k8s.io",
    path: ["spec", "template", "spec", "kubeadmConfigSpec"],
    role: "control-plane",
  },
};

/** An Init/JoinConfiguration, stand-alone (kubeadm) or inside a Cluster API spec. */
export interface NodeRegistrationSource {
  kind: "InitConfiguration" | "JoinConfiguration";
  /** For messages: `InitConfiguration`, `KubeadmControlPlane 'cp' initConfiguration`. */
  label: string;
  /** The Init/JoinConfiguration mapping (null when a Cluster API spec leaves it out: kubeadm's defaults apply). */
  node: YContent | null;
  owner: LintedObject;
}

export interface CapiSpec {
  owner: LintedObject;
  label: string;
  role: "control-plane" | "config" | "workers";
  /** The KubeadmConfigSpec mapping. */
  spec: YContent;
}

export interface NodeConfigDocuments {
  /** kubeadm.k8s.io InitConfiguration / JoinConfiguration documents. */
  kubeadmNodes: NodeRegistrationSource[];
  /** kubeadm.k8s.io ClusterConfiguration documents. */
  clusterConfigs: LintedObject[];
  /** KubeletConfiguration documents. */
  kubeletConfigs: LintedObject[];
  capiSpecs: CapiSpec[];
  /**
   * The file is a kubeadm config file (it has an Init, Join or ClusterConfiguration): its KubeletConfiguration is
   * kubeadm's component config, not read by the kubelet as written.
   */
  isKubeadmFile: boolean;
  /** The file is a kubeadm `kubeletconfiguration` patch (kubeadm's `patches.directory` naming: target[suffix][+type].ext). */
  isKubeletPatch: boolean;
}

/** "KubeadmConfigTemplate 'workers'"; config files have no name, so "KubeletConfiguration in 'kubelet.yaml'". */
export function objectLabel(obj: LintedObject): string {
  return obj.name ? `${obj.kind} '${obj.name}'` : `${obj.kind} in '${path.basename(obj.filePath)}'`;
}

export function nodeConfigDocuments(file: ManifestFile<LintedObject>): NodeConfigDocuments {
  const out: NodeConfigDocuments = {
    kubeadmNodes: [],
    clusterConfigs: [],
    kubeletConfigs: [],
    capiSpecs: [],
    isKubeadmFile: false,
    isKubeletPatch: /^kubeletconfiguration[^/]*\.(ya?ml|json)$/i.test(path.basename(file.filePath)),
  };
  for (const obj of file.objects) {
    if (obj.group === KUBEADM_GROUP) {
      if (obj.kind === "InitConfiguration" || obj.kind === "JoinConfiguration") {
        out.kubeadmNodes.push({ kind: obj.kind, label: objectLabel(obj), node: obj.node, owner: obj });
        out.isKubeadmFile = true;
      } else if (obj.kind === "ClusterConfiguration") {
        out.clusterConfigs.push(obj);
        out.isKubeadmFile = true;
      }
    } else if (obj.group === KUBELET_GROUP && obj.kind === "KubeletConfiguration") {
      out.kubeletConfigs.push(obj);
    } else {
      const capi = CAPI_SPEC_PATHS[obj.kind];
      const spec = capi && capi.group === obj.group ? nodeAt(obj.node, capi.path) : null;
      if (capi && spec) out.capiSpecs.push({ owner: obj, label: objectLabel(obj), role: capi.role, spec });
    }
  }
  return out;
}

/** The Init/JoinConfiguration a Cluster API spec holds (or leaves to defaults), as its role runs them. */
export function capiNodeRegistrations(capi: CapiSpec): NodeRegistrationSource[] {
  const of = (kind: NodeRegistrationSource["kind"], field: string): NodeRegistrationSource => ({
    kind,
    label: `${capi.label} ${field}`,
    node: nodeAt(capi.spec, [field]),
    owner: capi.owner,
  });
  const init = of("InitConfiguration", "initConfiguration");
  const join = of("JoinConfiguration", "joinConfiguration");
  // The first control-plane machine runs `kubeadm init`, the others `kubeadm join`; workers only join. A
  // KubeadmConfig holds whichever the machine runs (join when it holds neither).
  if (capi.role === "control-plane") return [init, join];
  if (capi.role === "workers") return [join];
  const present = [init, join].filter((source) => source.node !== null);
  return present.length > 0 ? present : [join];
}
