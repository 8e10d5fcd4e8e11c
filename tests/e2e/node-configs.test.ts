/** require-certificate-rotation on a repository of node configs, linted with the real eslint binary. */
import { describe, expect, it } from "vitest";
import { lintFixtureByRule } from "../helpers/eslint-cli.js";

const RULE = "require-certificate-rotation";

describe("node configs (kubeadm, Cluster API, KubeletConfiguration)", () => {
  it("recommended: rotation turned off by flag or config, and a kubelet config the kubelet cannot read", () => {
    const { byRule } = lintFixtureByRule("node-configs", "recommended", [RULE]);
    expect(byRule[RULE]).toEqual(["capi/cluster.yaml:28", "kubeadm/join-worker.yaml:5", "kubelet/edge-kubelet.yaml:6"]);
  });

  it("strict: also the kubelet's default, serving certificates and a twenty-year CA", () => {
    const { byRule, results } = lintFixtureByRule("node-configs", "strict", [RULE]);
    expect(byRule[RULE]).toEqual([
      "capi/cluster.yaml:28", // workers: no rotate-server-certificates (on their kubeletExtraArgs)
      "capi/cluster.yaml:28",
      "kubeadm/init.yaml:12", // caCertificateValidityPeriod 175200h
      "kubeadm/join-worker.yaml:5",
      "kubelet/edge-kubelet.yaml:2", // serverTLSBootstrap not set
      "kubelet/edge-kubelet.yaml:6",
      "kubelet/lab-kubelet.yaml:2",
      "kubelet/lab-kubelet.yaml:2",
    ]);
    const lab = (results.get("kubelet/lab-kubelet.yaml") ?? []).filter((m) => m.ruleId === `kube/${RULE}`).map((m) => m.message);
    expect(lab).toEqual([
      "KubeletConfiguration in 'lab-kubelet.yaml' leaves rotateCertificates unset, and the kubelet's default is false. Set rotateCertificates: true.",
      "KubeletConfiguration in 'lab-kubelet.yaml': serving certificates never rotate (serverTLSBootstrap is not set). Turn on serverTLSBootstrap, approve their CSRs.",
    ]);
    const longest = Math.max(...[...results.values()].flat().filter((m) => m.ruleId === `kube/${RULE}`).map((m) => m.message.length));
    expect(longest).toBeLessThanOrEqual(170);
  });
});
