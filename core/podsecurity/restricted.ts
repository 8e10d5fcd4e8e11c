/**
 * The Pod Security Standards "restricted" checks: current pod hardening best practice, on top of baseline.
 * Several replace a baseline check (`overrides`), as the admission controller does, so one problem is reported once.
 */
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import { isValidSeccompType } from "./baseline.js";
import { containerSetter, finding, podSetter, quoted, setters, type Check, type Finding } from "./check.js";
import { containerLabel } from "./pod-view.js";

/** Inline volume sources a tenant may use: none reaches the node's disks or the network on its own. */
export const RESTRICTED_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

const restrictedVolumes: Check = {
  id: "restrictedVolumes",
  level: "restricted",
  reason: "restricted volume types",
  since: 0,
  overrides: ["hostPathVolumes"],
  run: (pod) =>
    asArray(pod.spec.volumes).flatMap((entry, i): Finding[] => {
      const volume = asRecord(entry);
      if (!volume) return [];
      const sources = Object.keys(volume).filter((key) => key !== "name" && volume[key] !== null);
      // No source at all defaults to emptyDir; one allowed source makes the volume allowed.
      if (sources.length === 0 || sources.some((s) => RESTRICTED_VOLUME_SOURCES.has(s))) return [];
      const type = sources[0] as string;
      const name = JSON.stringify(asString(volume.name) ?? "");
      return [{ path: ["spec", "volumes", i, type], detail: `volume ${name} uses restricted volume type ${JSON.stringify(type)}` }];
    }),
};

const allowPrivilegeEscalation: Check = {
  id: "allowPrivilegeEscalation",
  level: "restricted",
  reason: "allowPrivilegeEscalation != false",
  since: 8,
  linuxOnly: true,
  run: (pod) =>
    pod.containers
      .filter((c) => c.securityContext.allowPrivilegeEscalation !== false)
      .map((c) =>
        finding(containerSetter(c), ["allowPrivilegeEscalation"], `${containerLabel(c)} must set securityContext.allowPrivilegeEscalation=false`),
      ),
};

const runAsNonRoot: Check = {
  id: "runAsNonRoot",
  level: "restricted",
  reason: "runAsNonRoot != true",
  since: 0,
  relaxedInUserNamespace: true,
  run: (pod) => {
    const out: Finding[] = [];
    const atPod = pod.securityContext.runAsNonRoot;
    if (atPod === false) out.push(finding(podSetter(pod), ["runAsNonRoot"], "pod must not set securityContext.runAsNonRoot=false"));
    for (const c of pod.containers) {
      const own = c.securityContext.runAsNonRoot;
      const who = containerLabel(c);
      if (own === false) out.push(finding(containerSetter(c), ["runAsNonRoot"], `${who} must not set securityContext.runAsNonRoot=false`));
      else if (own !== true && atPod !== true) {
        out.push(finding(containerSetter(c), ["runAsNonRoot"], `pod or ${who} must set securityContext.runAsNonRoot=true`));
      }
    }
    return out;
  },
};

const runAsUser: Check = {
  id: "runAsUser",
  level: "restricted",
  reason: "runAsUser=0",
  since: 23,
  relaxedInUserNamespace: true,
  run: (pod) =>
    setters(pod)
      .filter((s) => s.securityContext.runAsUser === 0)
      .map((s) => finding(s, ["runAsUser"], `${s.who} must not set runAsUser=0`)),
};

const seccompProfileRestricted: Check = {
  id: "seccompProfile_restricted",
  level: "restricted",
  reason: "seccompProfile",
  since: 19,
  overrides: ["seccompProfile_baseline"],
  linuxOnly: true,
  run: (pod) => {
    const out: Finding[] = [];
    const explicitBad = (profile: Record<string, unknown>) => `to ${JSON.stringify(asString(profile.type) ?? "")}`;
    const atPod = asRecord(pod.securityContext.seccompProfile);
    const podIsSafe = atPod !== undefined && isValidSeccompType(atPod.type);
    if (atPod && !podIsSafe) {
      out.push(finding(podSetter(pod), ["seccompProfile", "type"], `pod must not set securityContext.seccompProfile.type ${explicitBad(atPod)}`));
    }
    for (const c of pod.containers) {
      const own = asRecord(c.securityContext.seccompProfile);
      const who = containerLabel(c);
      if (own && !isValidSeccompType(own.type)) {
        out.push(finding(containerSetter(c), ["seccompProfile", "type"], `${who} must not set securityContext.seccompProfile.type ${explicitBad(own)}`));
      } else if (!own && !podIsSafe) {
        const detail = `pod or ${who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
        out.push(finding(containerSetter(c), ["seccompProfile"], detail));
      }
    }
    return out;
  },
};

const capabilitiesRestricted: Check = {
  id: "capabilities_restricted",
  level: "restricted",
  reason: "unrestricted capabilities",
  since: 22,
  overrides: ["capabilities_baseline"],
  linuxOnly: true,
  run: (pod) =>
    pod.containers.flatMap((c): Finding[] => {
      const capabilities = asRecord(c.securityContext.capabilities);
      const who = containerLabel(c);
      const setter = containerSetter(c);
      const added = asArray(capabilities?.add)
        .map((cap, i) => [i, asString(cap)] as const)
        .filter(([, cap]) => cap !== undefined && cap !== "NET_BIND_SERVICE");
      const dropped = asArray(capabilities?.drop).map(asString);
      // The admission check compares "ALL" exactly (pod-security-admission check_capabilities_restricted.go).
      const caseNote = dropped.some((cap) => cap?.toUpperCase() === "ALL") ? ` (case-sensitive: "all" does not count)` : "";
      const details: string[] = [];
      if (!dropped.includes("ALL")) details.push(`${who} must set securityContext.capabilities.drop=["ALL"]${caseNote}`);
      if (added.length > 0) {
        const names = added.map(([, cap]) => cap as string);
        details.push(`${who} must not include ${quoted(names)} in securityContext.capabilities.add`);
      }
      if (details.length === 0) return [];
      const firstAdded = added[0];
      const field = firstAdded ? ["capabilities", "add", firstAdded[0]] : ["capabilities", "drop"];
      return [finding(setter, field, details.join("; "))];
    }),
};

export const RESTRICTED_CHECKS: readonly Check[] = [
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
];
