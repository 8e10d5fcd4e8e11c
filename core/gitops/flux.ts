/**
 * Flux, as its docs describe it:
 * - A Kustomization (kustomize.toolkit.fluxcd.io) or HelmRelease (helm.toolkit.fluxcd.io) is applied by
 *   kustomize-controller / helm-controller with the controller's own ServiceAccount (cluster-admin in a default
 *   install) unless it names `spec.serviceAccountName` to impersonate, or the controller runs with
 *   `--default-service-account=<name>` (then that ServiceAccount of the object's namespace is impersonated).
 *   https://fluxcd.io/flux/components/kustomize/kustomizations/#role-based-access-control
 *   https://fluxcd.io/flux/installation/configuration/multitenancy/
 * - `spec.kubeConfig` applies to another cluster with that kubeconfig's identity.
 *   https://fluxcd.io/flux/components/kustomize/kustomizations/#kubeconfig-remote-clusters
 * - A `sourceRef` (HelmRelease: `chart.spec.sourceRef`, `chartRef`) may name another namespace unless the controller
 *   runs with `--no-cross-namespace-refs=true`.
 * The lockdown flags are read from the controller Deployments the repository holds (gotk-components.yaml) with the
 * Kustomize patches bootstrap repositories put on them (JSON 6902 `args/-` additions, strategic merges of `args`),
 * from patches whose Deployment is not in the repository, and from a Flux Operator FluxInstance
 * (`spec.cluster.multitenant`, https://fluxcd.control-plane.io/operator/fluxinstance/#cluster-configuration).
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";
import type { Workspace } from "../workspace/workspace.js";
import { fluxKubeConfig, getGitOpsView, isFluxHelmRelease, isFluxKustomization, type GitOpsView } from "./delivery.js";
import { applyPatch, inlinePatches, patchApplies, type Patch } from "./patch.js";

type Mapping = { [key: string]: PlainValue };

export type FluxController = "kustomize-controller" | "helm-controller";
export const FLUX_CONTROLLERS: readonly FluxController[] = ["kustomize-controller", "helm-controller"];

export interface SourceReference {
  /** `spec.sourceRef`, `spec.chart.spec.sourceRef`, `spec.chartRef`. */
  field: string;
  kind: string | undefined;
  name: string | undefined;
  /** Written namespace; undefined = the object's own. */
  namespace: string | undefined;
}

export interface FluxDelivery {
  controller: FluxController;
  serviceAccountName: string | undefined;
  /** `<namespace>/<secret>` of `spec.kubeConfig`: applied to another cluster. */
  kubeConfig: string | undefined;
  targetNamespace: string | undefined;
  sourceRefs: SourceReference[];
  /** Why the object cannot be read (spec is not a mapping...): report it as unreadable, never guess. */
  unreadable: string | undefined;
}

/** One Flux object's delivery facts, from one effective value (see GitOpsView.effectiveValues). */
export function readFluxDelivery(obj: Pick<ManifestObject, "group" | "kind" | "namespace">, value: Readonly<Mapping>): FluxDelivery {
  const controller: FluxController = isFluxHelmRelease(obj) ? "helm-controller" : "kustomize-controller";
  const out: FluxDelivery = { controller, serviceAccountName: undefined, kubeConfig: undefined, targetNamespace: undefined, sourceRefs: [], unreadable: undefined };
  const spec = value.spec;
  if (spec === undefined || spec === null) return { ...out, unreadable: "it has no spec" };
  const record = asRecord(spec);
  if (!record) return { ...out, unreadable: "its spec is not a mapping" };
  const text = (key: string): string | undefined => {
    const v = record[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") out.unreadable ??= `spec.${key} is not a string`;
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  out.serviceAccountName = text("serviceAccountName");
  out.targetNamespace = text("targetNamespace");
  out.kubeConfig = fluxKubeConfig(value, obj.namespace);
  const refs: [string, unknown][] = isFluxKustomization(obj)
    ? [["spec.sourceRef", record.sourceRef]]
    : [
        ["spec.chart.spec.sourceRef", asRecord(asRecord(record.chart)?.spec)?.sourceRef],
        ["spec.chartRef", record.chartRef],
      ];
  for (const [field, ref] of refs) {
    const r = asRecord(ref);
    if (!r) continue;
    const namespace = asString(r.namespace);
    out.sourceRefs.push({ field, kind: asString(r.kind), name: asString(r.name), namespace: namespace || undefined });
  }
  return out;
}

/** What one install of a controller runs with. */
export interface ControllerSettings {
  controller: FluxController;
  /** The file that defines the install (Deployment, kustomization or FluxInstance): its cluster scope is the install's. */
  filePath: string;
  line: number;
  /** `--default-service-account`: the ServiceAccount impersonated when an object names none. */
  defaultServiceAccount: string | undefined;
  noCrossNamespaceRefs: boolean;
}

/** `--flag=value`, `--flag value`, bare boolean `--flag`; the last occurrence wins (as with pflag). */
export function readFlags(args: readonly PlainValue[]): { defaultServiceAccount: string | undefined; noCrossNamespaceRefs: boolean } {
  let defaultServiceAccount: string | undefined;
  let noCrossNamespaceRefs = false;
  const list = args.map((a) => asString(a) ?? "");
  list.forEach((arg, i) => {
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--default-service-account") {
      const value = inline ?? list[i + 1];
      defaultServiceAccount = value && !value.startsWith("-") ? value : undefined;
    } else if (flag === "--no-cross-namespace-refs") {
      noCrossNamespaceRefs = inline === undefined || inline === "true";
    }
  });
  return { defaultServiceAccount, noCrossNamespaceRefs };
}

function managerArgs(deployment: Readonly<Mapping>): PlainValue[] {
  const containers = asArray(asRecord(asRecord(asRecord(deployment.spec)?.template)?.spec)?.containers);
  const manager = containers.find((c) => asString(asRecord(c)?.name) === "manager") ?? containers[0];
  return asArray(asRecord(manager)?.args);
}

/** A Deployment as Flux ships it, for patches whose Deployment the repository does not hold (a remote base). */
function shippedDeployment(controller: FluxController): Mapping {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: controller, namespace: "flux-system" },
    spec: { template: { spec: { containers: [{ name: "manager", args: [] }] } } },
  };
}

const subjectOf = (controller: FluxController) => ({ apiVersion: "apps/v1", kind: "Deployment", name: controller, namespace: "flux-system", labels: {} });

/** Every install of the Flux controllers the repository defines. */
export class FluxInstalls {
  readonly settings: ControllerSettings[] = [];

  constructor(ws: Workspace, view: GitOpsView) {
    const covered = new Set<string>();
    for (const d of ws.ofKind("Deployment")) {
      const controller = FLUX_CONTROLLERS.find((c) => c === d.name);
      if (!controller || d.group !== "apps") continue;
      for (const value of view.effectiveValues(d)) this.add(controller, d.filePath, d.line, managerArgs(value));
      for (const chain of view.chainsOf(d.filePath)) for (const k of chain) covered.add(`${k.filePath}\u0000${controller}`);
    }
    // Patches on a Deployment the repository does not hold (the install is a remote base or applied elsewhere).
    for (const k of ws.kustomizations()) {
      for (const controller of FLUX_CONTROLLERS) {
        if (covered.has(`${k.filePath}\u0000${controller}`)) continue;
        const patches = view.patchesOf(k).filter((p) => patchApplies(p, subjectOf(controller)));
        if (patches.length > 0) this.add(controller, k.filePath, k.line, managerArgs(patches.reduce(applyPatch, shippedDeployment(controller))));
      }
    }
    for (const fi of ws.ofKind("FluxInstance")) {
      if (fi.group !== "fluxcd.controlplane.io") continue;
      const spec = asRecord(fi.value.spec);
      const cluster = asRecord(spec?.cluster);
      const multitenant = cluster?.multitenant === true;
      const patches: Patch[] = inlinePatches(asRecord(spec?.kustomize)?.patches);
      for (const controller of FLUX_CONTROLLERS) {
        const patched = managerArgs(patches.filter((p) => patchApplies(p, subjectOf(controller))).reduce(applyPatch, shippedDeployment(controller)));
        const flags = readFlags(patched);
        this.settings.push({
          controller,
          filePath: fi.filePath,
          line: fi.line,
          defaultServiceAccount: flags.defaultServiceAccount ?? (multitenant ? (asString(cluster?.tenantDefaultServiceAccount) ?? "default") : undefined),
          noCrossNamespaceRefs: flags.noCrossNamespaceRefs || multitenant,
        });
      }
    }
  }

  private add(controller: FluxController, filePath: string, line: number, args: PlainValue[]): void {
    this.settings.push({ controller, filePath, line, ...readFlags(args) });
  }

  /**
   * The installs that reconcile an object: those in one of the object's cluster scopes; all of them when none is
   * (a shared tenants/ folder that every cluster applies).
   */
  relevant(controller: FluxController, objectScopes: readonly string[], scopeOfInstall: (filePath: string) => string): ControllerSettings[] {
    const all = this.settings.filter((s) => s.controller === controller);
    const inScope = all.filter((s) => objectScopes.includes(scopeOfInstall(s.filePath)));
    return inScope.length > 0 ? inScope : all;
  }
}

const installs = new WeakMap<Workspace, { generation: number; installs: FluxInstalls }>();

export function getFluxInstalls(ws: Workspace): FluxInstalls {
  const cached = installs.get(ws);
  if (cached && cached.generation === ws.generation) return cached.installs;
  const result = new FluxInstalls(ws, getGitOpsView(ws));
  installs.set(ws, { generation: ws.generation, installs: result });
  return result;
}

/**
 * The remote cluster a Flux object applies to: its own `spec.kubeConfig`, or (a Kustomization) a `spec.patches`
 * entry that adds a kubeConfig to the objects it applies — the hub-and-spoke layout, where a hub namespace holds the
 * Flux objects of one spoke cluster. `<namespace>/<secret>`, or undefined when it applies to its own cluster.
 */
export function fluxRemoteTarget(obj: Pick<ManifestObject, "group" | "kind" | "namespace">, value: Readonly<Mapping>): string | undefined {
  const direct = fluxKubeConfig(value, obj.namespace);
  if (direct || !isFluxKustomization(obj)) return direct;
  for (const patch of inlinePatches(asRecord(value.spec)?.patches)) {
    const added = patch.merge
      ? asRecord(asRecord(patch.merge.spec)?.kubeConfig)
      : asRecord(patch.ops?.find((op) => op.path === "/spec/kubeConfig" && (op.op === "add" || op.op === "replace"))?.value);
    if (added) return fluxKubeConfig({ spec: { kubeConfig: added } }, obj.namespace);
  }
  return undefined;
}
