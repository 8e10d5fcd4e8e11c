/**
 * settings.kube: defaults, normalisation, and validation messages that name the bad key (no stack trace).
 */
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import {
  DEFAULT_SETTINGS,
  isSystemNamespace,
  KubeSettingsError,
  matchesNamePattern,
  normalizeSettings,
} from "../../core/settings.js";

describe("normalizeSettings", () => {
  it("gives the defaults when there are no settings", () => {
    expect(normalizeSettings(undefined)).toBe(DEFAULT_SETTINGS);
    expect(normalizeSettings(null)).toBe(DEFAULT_SETTINGS);
    expect(normalizeSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it("overrides only the keys given, and freezes the result", () => {
    const settings = normalizeSettings({ tenantLabels: ["owner"], indexTtlSeconds: 0, root: "repo" });
    expect(settings.tenantLabels).toEqual(["owner"]);
    expect(settings.indexTtlSeconds).toBe(0);
    expect(settings.root).toBe("repo");
    expect(settings.systemNamespaces).toEqual(DEFAULT_SETTINGS.systemNamespaces);
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it("parses `now` as a date", () => {
    expect(normalizeSettings({ now: "2026-01-31" }).now?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    const date = new Date("2030-05-01T12:00:00Z");
    expect(normalizeSettings({ now: date }).now?.getTime()).toBe(date.getTime());
  });

  it("treats an explicit undefined as unset", () => {
    expect(normalizeSettings({ root: undefined }).root).toBeUndefined();
  });

  it("normalises each settings object once (ESLint hands every file the same one)", () => {
    const raw = { ignores: ["vendor/**"] };
    expect(normalizeSettings(raw)).toBe(normalizeSettings(raw));
  });

  it("copies arrays, so later edits to the user's config don't leak in", () => {
    const raw = { tenantGroups: ["tenants"] };
    const settings = normalizeSettings(raw);
    raw.tenantGroups.push("late");
    expect(settings.tenantGroups).toEqual(["tenants"]);
  });
});

describe("validation messages name the key", () => {
  it.each([
    [{ tenantLabels: "team" }, 'Invalid settings.kube.tenantLabels: expected an array of strings, got "team"'],
    [{ systemNamespaces: ["ok", 3] }, "Invalid settings.kube.systemNamespaces: expected an array of strings, got an array"],
    [{ ignores: null }, "Invalid settings.kube.ignores: expected an array of strings, got null"],
    [{ environmentWords: {} }, "Invalid settings.kube.environmentWords: expected an array of strings, got object"],
    [{ root: "" }, 'Invalid settings.kube.root: expected a non-empty string, got ""'],
    [{ root: 7 }, "Invalid settings.kube.root: expected a non-empty string, got number"],
    [{ now: "someday" }, 'Invalid settings.kube.now: expected an ISO date such as "2026-01-31", got "someday"'],
    [{ now: 20260131 }, 'Invalid settings.kube.now: expected an ISO date such as "2026-01-31", got number'],
    [{ indexTtlSeconds: -1 }, "Invalid settings.kube.indexTtlSeconds: expected a number >= 0, got number"],
    [{ indexTtlSeconds: "2" }, 'Invalid settings.kube.indexTtlSeconds: expected a number >= 0, got "2"'],
    [{ indexTtlSeconds: Number.NaN }, "Invalid settings.kube.indexTtlSeconds: expected a number >= 0, got number"],
  ])("%j", (raw, message) => {
    expect(() => normalizeSettings(raw)).toThrow(KubeSettingsError);
    expect(() => normalizeSettings(raw)).toThrow(message);
  });

  it.each([
    ["indexPrefilter", "no", /expected true or false, got "no"/],
    ["cacheLocation", true, /expected a folder path or false, got boolean/],
    ["cacheLocation", "", /expected a folder path or false, got ""/],
  ])("rejects %s = %j", (key, value, message) => {
    expect(() => normalizeSettings({ [key]: value })).toThrow(message);
  });

  it("accepts cacheLocation: false (no persistent index) and indexPrefilter: false", () => {
    expect(normalizeSettings({ cacheLocation: false, indexPrefilter: false })).toMatchObject({ cacheLocation: false, indexPrefilter: false });
  });

  it("rejects an unknown key and lists the known ones (a typo is the usual cause)", () => {
    expect(() => normalizeSettings({ tenantLabel: ["team"] })).toThrow(
      /^Invalid settings\.kube\.tenantLabel: unknown key \(known keys: root, ignores, tenantLabels, .*indexTtlSeconds, indexPrefilter, cacheLocation\)$/,
    );
  });

  it.each([["a string", "x"], ["an array", []], ["a number", 3]])("rejects settings.kube that is %s", (_label, raw) => {
    expect(() => normalizeSettings(raw)).toThrow(/settings\.kube must be an object/);
  });

  it("carries the message as its stack, so ESLint shows no stack trace", () => {
    const error = (() => {
      try {
        normalizeSettings({ clusterRoots: "clusters/*" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe("KubeSettingsError");
    expect(error?.stack).toBe(error?.message);
  });

  it("reaches the user through ESLint with the key named", () => {
    const linter = new Linter({ configType: "flat" });
    const config = [...plugin.configs.strict, { settings: { kube: { tenantLabels: "team" } } }];
    expect(() =>
      linter.verify("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", config, { filename: "tmp/settings/c.yaml" }),
    ).toThrow(/settings\.kube\.tenantLabels/);
  });
});

describe("namespace name patterns", () => {
  it("matches exact names and `*` prefixes", () => {
    expect(matchesNamePattern("kube-system", ["kube-*"])).toBe(true);
    expect(matchesNamePattern("kube", ["kube-*"])).toBe(false);
    expect(matchesNamePattern("argocd", ["argocd"])).toBe(true);
    expect(matchesNamePattern("argocd-apps", ["argocd"])).toBe(false);
  });

  it("knows the default system namespaces", () => {
    expect(isSystemNamespace("kube-public", DEFAULT_SETTINGS)).toBe(true);
    expect(isSystemNamespace("flux-system", DEFAULT_SETTINGS)).toBe(true);
    expect(isSystemNamespace("team-a", DEFAULT_SETTINGS)).toBe(false);
  });
});
