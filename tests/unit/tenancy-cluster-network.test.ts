import { describe, expect, it } from "vitest";
import { evaluateCalicoSelector, parseCalicoSelector, UNKNOWN, type LabelLookup } from "../../core/tenancy/calico-selector.js";
import { calicoMatch, ciliumMatch, subjectMatch } from "../../core/tenancy/cluster-network-policies.js";

const labels: Record<string, string> = { team: "a", env: "prod" };
const nsOnly: LabelLookup = (key) => labels[key];
const withPods: LabelLookup = (key) => (key in labels ? labels[key] : key.startsWith("pod.") ? UNKNOWN : undefined);
const ns = { name: "team-a", labels: { team: "a", "kubernetes.io/metadata.name": "team-a" } };

describe("Calico selectors", () => {
  it("evaluates the documented operators over known labels", () => {
    const cases: [string, boolean][] = [
      ["all()", true],
      ["", true],
      ["global()", false],
      ["team == 'a'", true],
      ['team == "b"', false],
      ["team != 'b'", true],
      ["missing != 'x'", true],
      ["has(team)", true],
      ["!has(team)", false],
      ["team in {'a', 'b'}", true],
      ["team not in {'a'}", false],
      ["env contains 'ro'", true],
      ["env starts with 'pr'", true],
      ["env ends with 'od'", true],
      ["team == 'a' && (env == 'dev' || env == 'prod')", true],
      ["!(team == 'a')", false],
    ];
    for (const [text, expected] of cases) expect([text, evaluateCalicoSelector(text, nsOnly)]).toEqual([text, expected]);
  });
  it("three-valued: pod labels are unknown; && with false is false, || with true is true", () => {
    expect(evaluateCalicoSelector("pod.app == 'web'", withPods)).toBe("unknown");
    expect(evaluateCalicoSelector("pod.app == 'web' && team == 'b'", withPods)).toBe(false);
    expect(evaluateCalicoSelector("pod.app == 'web' || team == 'a'", withPods)).toBe(true);
    expect(evaluateCalicoSelector("!has(pod.app)", withPods)).toBe("unknown");
  });
  it("syntax it does not model selects nothing, and never throws", () => {
    for (const text of ["team == a", "foo(bar)", "team ==", "(team == 'a'", "team in {'a'", "team =~ 'a'", "&&", "'a'", "team == 'a' extra"]) {
      expect([text, parseCalicoSelector(text)]).toEqual([text, undefined]);
      expect(evaluateCalicoSelector(text, nsOnly)).toBe(false);
    }
  });
});

describe("cluster-wide selectors, for one namespace", () => {
  it("Cilium: namespace name and namespace labels decide, pod labels narrow, other sources are not pod labels", () => {
    expect(ciliumMatch({}, ns)).toBe("all");
    expect(ciliumMatch({ matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } }, ns)).toBe("all");
    expect(ciliumMatch({ matchLabels: { "io.kubernetes.pod.namespace": "team-b" } }, ns)).toBe("none");
    expect(ciliumMatch({ matchLabels: { "k8s:io.cilium.k8s.namespace.labels.team": "a", app: "web" } }, ns)).toBe("some");
    expect(ciliumMatch({ matchExpressions: [{ key: "k8s:io.kubernetes.pod.namespace", operator: "NotIn", values: ["kube-system"] }] }, ns)).toBe("all");
    expect(ciliumMatch({ matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } }, { name: undefined, labels: {} })).toBe("none");
    expect(ciliumMatch({ matchLabels: { "reserved:host": "" } }, ns)).toBe("some");
    for (const bad of [3, "x", null, { matchLabels: [] }, { matchExpressions: "x" }, { matchExpressions: [{ key: 3 }] }]) expect(ciliumMatch(bad, ns)).toBe("none");
  });
  it("Calico: namespaceSelector then selector; preDNAT and doNotTrack are host policies", () => {
    expect(calicoMatch({}, ns)).toBe("all");
    expect(calicoMatch({ namespaceSelector: "projectcalico.org/name == 'team-a'" }, ns)).toBe("all");
    expect(calicoMatch({ namespaceSelector: "team == 'b'" }, ns)).toBe("none");
    expect(calicoMatch({ selector: "pcns.team == 'a' && app == 'web'" }, ns)).toBe("some");
    expect(calicoMatch({ selector: "all()", serviceAccountSelector: "role == 'x'" }, ns)).toBe("some");
    expect(calicoMatch({ preDNAT: true }, ns)).toBe("none");
    expect(calicoMatch({ namespaceSelector: 3 }, ns)).toBe("none");
    expect(calicoMatch({ selector: ["x"] }, ns)).toBe("none");
  });
  it("SIG Network subjects: namespaces, or pods with a podSelector", () => {
    expect(subjectMatch({ namespaces: {} }, ns)).toBe("all");
    expect(subjectMatch({ namespaces: { matchLabels: { "kubernetes.io/metadata.name": "team-b" } } }, ns)).toBe("none");
    expect(subjectMatch({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "db" } } } }, ns)).toBe("some");
    expect(subjectMatch({ pods: { namespaceSelector: { matchLabels: { team: "a" } }, podSelector: {} } }, ns)).toBe("all");
    for (const bad of [undefined, 3, { pods: 3 }, { namespaces: "x" }]) expect(subjectMatch(bad, ns)).toBe("none");
  });
});
