/**
 * `settings.kube`: the project-wide knobs shared by rules. One typed, validated, normalised object.
 * Normalised once per distinct settings object (ESLint hands every file the same object), so rules pay nothing.
 */

export interface KubeSettings {
  /** Repository root to index; default: nearest folder with `.git` above the linted file, else ESLint's cwd. */
  root: string | undefined;
  /** Extra ignore globs (relative to the root) for the workspace index; node_modules and .git are always ignored. */
  ignores: string[];
  /** Namespace label keys that mark a namespace as a tenant's (value = tenant name). */
  tenantLabels: string[];
  /** Namespaces that are never tenants. `*` matches any run of characters (`kube-*`, `*-system`). */
  systemNamespaces: string[];
  /** RBAC groups whose members are tenants (for RBAC rules). */
  tenantGroups: string[];
  /** Words that name an environment when they are a whole segment of a namespace name. */
  environmentWords: string[];
  /** Label keys whose value names an environment. */
  environmentLabels: string[];
  /** Globs (relative to the root) of folders that each hold one cluster's manifests, e.g. `clusters/*`. */
  clusterRoots: string[];
  /** "Now" for certificate checks, as an ISO date; default: the clock. */
  now: Date | undefined;
  /** Seconds a long-lived process (an editor) trusts the index before re-checking files on disk. */
  indexTtlSeconds: number;
  /**
   * Skip parsing files whose text cannot hold an indexed kind (exact: same index either way). `false` parses every
   * file (as does the env var `KUBE_LINT_INDEX_PREFILTER=off`).
   */
  indexPrefilter: boolean;
  /**
   * Folder of the persistent index (relative to the root), or `false` for none. Default
   * `node_modules/.cache/eslint-plugin-kube`.
   */
  cacheLocation: string | false;
}

export const DEFAULT_SETTINGS: Readonly<KubeSettings> = Object.freeze({
  root: undefined,
  ignores: [],
  tenantLabels: ["capsule.clastix.io/tenant", "toolkit.fluxcd.io/tenant", "tenant", "team"],
  systemNamespaces: [
    "default",
    "kube-*",
    // operator and platform installs (hnc-system, gatekeeper-system, tenant-system, ...)
    "*-system",
    "cert-manager",
    "capsule-system",
    "kiosk",
    "hnc-system",
    "flux-system",
    "argocd",
    "ingress-nginx",
    "gatekeeper-system",
    "kyverno",
    "monitoring",
    "istio-system",
    "local-path-storage",
  ],
  tenantGroups: [],
  environmentWords: [
    "dev",
    "develop",
    "development",
    "test",
    "testing",
    "qa",
    "uat",
    "int",
    "integration",
    "stg",
    "stage",
    "staging",
    "preprod",
    "pre-prod",
    "preproduction",
    // "non-prod" names the non-production environment, not prod: the longer word wins (environments.ts)
    "non-prod",
    "nonprod",
    "non-production",
    "nonproduction",
    "perf",
    "demo",
    "sandbox",
    "canary",
    "prod",
    "prd",
    "production",
    "live",
  ],
  environmentLabels: ["env", "environment", "stage", "app.kubernetes.io/environment"],
  clusterRoots: [],
  now: undefined,
  indexTtlSeconds: 2,
  indexPrefilter: true,
  cacheLocation: "node_modules/.cache/eslint-plugin-kube",
});

/** A wrong setting: the message names the key, so users can fix it without reading a stack trace. */
export class KubeSettingsError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid settings.kube.${key}: ${problem}`);
    this.name = "KubeSettingsError";
    // A configuration mistake, not a bug: show the message, not a stack trace.
    this.stack = this.message;
  }
}

type Validator = (value: unknown, key: string) => unknown;

const stringList: Validator = (value, key) => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new KubeSettingsError(key, `expected an array of strings, got ${describe(value)}`);
  }
  return [...value];
};

const optionalString: Validator = (value, key) => {
  if (typeof value !== "string" || value === "") {
    throw new KubeSettingsError(key, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
};

const date: Validator = (value, key) => {
  const parsed = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new KubeSettingsError(key, `expected an ISO date such as "2026-01-31", got ${describe(value)}`);
  }
  return parsed;
};

const positiveNumber: Validator = (value, key) => {
  if (typeof value !== "number" || !(value >= 0)) {
    throw new KubeSettingsError(key, `expected a number >= 0, got ${describe(value)}`);
  }
  return value;
};

const boolean: Validator = (value, key) => {
  if (typeof value !== "boolean") throw new KubeSettingsError(key, `expected true or false, got ${describe(value)}`);
  return value;
};

const stringOrFalse: Validator = (value, key) => {
  if (value === false) return false;
  if (typeof value !== "string" || value === "") {
    throw new KubeSettingsError(key, `expected a folder path or false, got ${describe(value)}`);
  }
  return value;
};

const VALIDATORS: Record<keyof KubeSettings, Validator> = {
  root: optionalString,
  ignores: stringList,
  tenantLabels: stringList,
  systemNamespaces: stringList,
  tenantGroups: stringList,
  environmentWords: stringList,
  environmentLabels: stringList,
  clusterRoots: stringList,
  now: date,
  indexTtlSeconds: positiveNumber,
  indexPrefilter: boolean,
  cacheLocation: stringOrFalse,
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

const cache = new WeakMap<object, KubeSettings>();

/** Normalise `settings.kube` (unknown shape from the user's config) into a full KubeSettings. */
export function normalizeSettings(raw: unknown): KubeSettings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS as KubeSettings;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new KubeSettingsError("", `settings.kube must be an object, got ${describe(raw)}`);
  }
  const cached = cache.get(raw);
  if (cached) return cached;
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in VALIDATORS)) {
      const known = Object.keys(VALIDATORS).join(", ");
      throw new KubeSettingsError(key, `unknown key (known keys: ${known})`);
    }
    if (value === undefined) continue;
    result[key] = VALIDATORS[key as keyof KubeSettings](value, key);
  }
  const settings = Object.freeze(result) as unknown as KubeSettings;
  cache.set(raw, settings);
  return settings;
}

/** `kube-*` style prefix patterns or exact names. */
const compiledPatterns = new Map<string, RegExp>();

/** Exact names, or patterns where `*` stands for any run of characters (`kube-*`, `*-system`). */
export function matchesNamePattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (!p.includes("*")) return name === p;
    let re = compiledPatterns.get(p);
    if (!re) {
      re = new RegExp(`^${p.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
      compiledPatterns.set(p, re);
    }
    return re.test(name);
  });
}

export function isSystemNamespace(name: string, settings: KubeSettings): boolean {
  return matchesNamePattern(name, settings.systemNamespaces);
}
