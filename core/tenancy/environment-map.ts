/**
 * The environments each cluster scope holds, built once per workspace generation (not per linted file).
 * Evidence that a namespace lives in a scope (namespace-evidence.ts), strongest first: a Namespace object (its name,
 * or an environment label on it); a kustomization's `namespace:`; a delivery target (Argo CD destination, Flux
 * targetNamespace, on the destination's cluster); an object's `metadata.namespace`, for namespaces created elsewhere.
 * Files under test-fixture folders (`tests/`, `fixtures/`, `.chainsaw-test/`, ...) are not evidence: they exercise
 * a tool on a throwaway cluster (or none), they do not say how the repository is deployed.
 * Every namespace of a scope has one primary site (the strongest evidence, then path and line): rules report
 * there, once, instead of on every file that mentions the namespace.
 */
import path from "node:path";
import { isSystemNamespace, type KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { getClusterScopes, type ClusterScope } from "./cluster-scopes.js";
import { namespaceSites, type Site, type SiteKind } from "./namespace-evidence.js";

export type { Site, SiteKind };
import { environmentOf, type Environment, type Vocabulary } from "./environments.js";

/** Folders whose manifests are test fixtures, not deployments (any path segment, case-insensitive). */
export const DEFAULT_FIXTURE_FOLDERS: readonly string[] = [
  "test",
  "tests",
  "testdata",
  "e2e",
  "fixtures",
  "__fixtures__",
  ".chainsaw-test",
  ".kyverno-test",
];

/** What the map counts: the environment vocabulary and the fixture folders it skips. */
export interface EnvironmentOptions {
  platformSuffixes: readonly string[];
  fixtureFolders: readonly string[];
}

const SITE_RANK: Record<SiteKind, number> = { namespace: 0, kustomization: 1, application: 2, delivery: 3, reference: 4 };

export interface EnvironmentNamespace {
  namespace: string;
  environment: Environment;
  scope: ClusterScope;
  /** Strongest first; `sites[0]` is where rules report. */
  sites: Site[];
}

export interface ScopeEnvironments {
  scope: ClusterScope;
  /** Environment-named namespaces of the scope, by namespace name. */
  namespaces: Map<string, EnvironmentNamespace>;
}

export class EnvironmentMap {
  readonly scopes = new Map<string, ScopeEnvironments>();
  /** Primary sites by file, so a rule finds its file's reports without scanning every scope. */
  private readonly primaryByFile = new Map<string, EnvironmentNamespace[]>();

  constructor(ws: Workspace, settings: KubeSettings, options: EnvironmentOptions) {
    const vocabulary: Vocabulary = {
      words: settings.environmentWords,
      labels: settings.environmentLabels,
      platformSuffixes: options.platformSuffixes,
    };
    const fixtureFolders = new Set(options.fixtureFolders.map((f) => f.toLowerCase()));
    // Per folder, not per site: a tenant folder's files give several sites each.
    const fixtureByFolder = new Map<string, boolean>();
    const isFixture = (filePath: string) => {
      const folder = path.dirname(filePath);
      let fixture = fixtureByFolder.get(folder);
      if (fixture === undefined) {
        fixture = ws.relative(filePath).toLowerCase().split("/").slice(0, -1).some((name) => fixtureFolders.has(name));
        fixtureByFolder.set(folder, fixture);
      }
      return fixture;
    };
    const scopes = getClusterScopes(ws, settings.clusterRoots);
    const collected = new Map<string, { scope: ClusterScope; namespace: string; labels: Record<string, string>; sites: Site[] }>();
    const add = (scope: ClusterScope, namespace: string, site: Site, labels?: Readonly<Record<string, string>>) => {
      if (isSystemNamespace(namespace, settings) || isFixture(site.filePath)) return;
      const key = `${scope.id}\u0000${namespace}`;
      let entry = collected.get(key);
      if (!entry) collected.set(key, (entry = { scope, namespace, labels: {}, sites: [] }));
      if (labels) Object.assign(entry.labels, labels);
      entry.sites.push(site);
    };

    for (const { scope, namespace, site, labels } of namespaceSites(ws, scopes)) add(scope, namespace, site, labels);

    for (const entry of collected.values()) {
      const environment = environmentOf(entry.namespace, entry.labels, vocabulary);
      if (!environment) continue;
      entry.sites.sort(
        (a, b) => SITE_RANK[a.kind] - SITE_RANK[b.kind] || compare(ws.relative(a.filePath), ws.relative(b.filePath)) || a.line - b.line,
      );
      const found: EnvironmentNamespace = { namespace: entry.namespace, environment, scope: entry.scope, sites: entry.sites };
      let scopeEnvs = this.scopes.get(entry.scope.id);
      if (!scopeEnvs) this.scopes.set(entry.scope.id, (scopeEnvs = { scope: entry.scope, namespaces: new Map() }));
      scopeEnvs.namespaces.set(entry.namespace, found);
      const primary = entry.sites[0] as Site;
      const list = this.primaryByFile.get(primary.filePath);
      if (list) list.push(found);
      else this.primaryByFile.set(primary.filePath, [found]);
    }
  }

  /** Environment namespaces whose primary site is in this file. */
  primaryIn(filePath: string): readonly EnvironmentNamespace[] {
    return this.primaryByFile.get(filePath) ?? [];
  }

  /** The other environments of a namespace's scope: environment name -> its namespaces (sorted). */
  othersInScope(found: EnvironmentNamespace, skip: (namespace: string) => boolean): Map<string, EnvironmentNamespace[]> {
    const out = new Map<string, EnvironmentNamespace[]>();
    const scopeEnvs = this.scopes.get(found.scope.id);
    if (!scopeEnvs) return out;
    const sorted = [...scopeEnvs.namespaces.values()].sort((a, b) => compare(a.namespace, b.namespace));
    for (const other of sorted) {
      if (other.environment.name === found.environment.name || skip(other.namespace)) continue;
      const list = out.get(other.environment.name);
      if (list) list.push(other);
      else out.set(other.environment.name, [other]);
    }
    return out;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface CachedMap {
  settings: KubeSettings;
  options: EnvironmentOptions;
  generation: number;
  map: EnvironmentMap;
}
const maps = new WeakMap<Workspace, CachedMap[]>();

/**
 * The environment map of a workspace, rebuilt only when the workspace changed (keyed by settings and options).
 * Looked up per linted file: settings are one normalised object per run, and the options arrive as fresh arrays
 * of the same strings (ESLint merges defaults per file), so they are compared by element, not serialised.
 */
export function getEnvironmentMap(ws: Workspace, settings: KubeSettings, options: EnvironmentOptions): EnvironmentMap {
  let cache = maps.get(ws);
  if (!cache) maps.set(ws, (cache = []));
  const cached = cache.find(
    (c) =>
      sameSettings(c.settings, settings) &&
      sameList(c.options.platformSuffixes, options.platformSuffixes) &&
      sameList(c.options.fixtureFolders, options.fixtureFolders),
  );
  if (cached && cached.generation === ws.generation) return cached.map;
  const map = new EnvironmentMap(ws, settings, options);
  const entry = { settings, options: { platformSuffixes: [...options.platformSuffixes], fixtureFolders: [...options.fixtureFolders] }, generation: ws.generation, map };
  if (cached) Object.assign(cached, entry);
  else cache.push(entry);
  return map;
}

/** The settings the map reads. */
function sameSettings(a: KubeSettings, b: KubeSettings): boolean {
  return (
    a === b ||
    (sameList(a.environmentWords, b.environmentWords) &&
      sameList(a.environmentLabels, b.environmentLabels) &&
      sameList(a.clusterRoots, b.clusterRoots) &&
      sameList(a.systemNamespaces, b.systemNamespaces))
  );
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
