/**
 * Which environment (dev, staging, prod, ...) a namespace stands for: from an environment label on it, else from
 * environment words that are whole segments of its name.
 * - Segments split on `-`, `_`, `.`: `app-prod`, `prod.app`, `prod` name prod; `product`, `devices`, `devops`,
 *   `prodigy` do not (the word must be the whole segment). A trailing number is allowed: `dev2`, `prod01`.
 * - Words map to one canonical environment (`prd`, `production`, `live` -> `prod`), so `app-prd` next to
 *   `app-production` is one environment, not two.
 * - A name whose last segment is a platform suffix (`qa-tools`, `dev-system`, `test-operator`) names a platform
 *   component that serves people or pipelines, not an environment: it is not counted.
 */

/** Canonical environment of each built-in word; words a user adds in settings map to themselves. */
const CANONICAL: Readonly<Record<string, string>> = {
  dev: "dev",
  develop: "dev",
  development: "dev",
  test: "test",
  testing: "test",
  qa: "qa",
  uat: "uat",
  int: "integration",
  integration: "integration",
  stg: "staging",
  stage: "staging",
  staging: "staging",
  preprod: "preprod",
  "pre-prod": "preprod",
  preproduction: "preprod",
  // `guestbook-non-prod` is the non-production environment: matched before `prod` because the word is longer.
  "non-prod": "nonprod",
  nonprod: "nonprod",
  "non-production": "nonprod",
  nonproduction: "nonprod",
  perf: "perf",
  demo: "demo",
  sandbox: "sandbox",
  // A canary takes a slice of production traffic: it is production, so `app-canary` beside `app-prod` is one env.
  canary: "prod",
  prod: "prod",
  prd: "prod",
  production: "prod",
  live: "prod",
};

/** Last segments that make a name a platform component rather than an environment (`qa-tools`, `dev-system`). */
export const DEFAULT_PLATFORM_SUFFIXES: readonly string[] = [
  "tools",
  "tooling",
  "system",
  "operator",
  "operators",
  "controller",
  "controllers",
];

const SEPARATORS = /[-_.]+/;
const TRAILING_NUMBER = /\d+$/;

export interface Vocabulary {
  /** Words (from settings.kube.environmentWords) that name an environment as whole segments. */
  words: readonly string[];
  /** Namespace label keys whose value names the environment (settings.kube.environmentLabels). */
  labels: readonly string[];
  /** Last name segments that mark a platform namespace (never an environment). */
  platformSuffixes: readonly string[];
}

/** Why a namespace counts as an environment, for messages: its name or one of its labels. */
export interface Environment {
  /** Canonical environment: dev, test, qa, staging, prod, ... */
  name: string;
  /** "name" or `label <key>=<value>`. */
  evidence: string;
}

interface CompiledVocabulary {
  /** Each word as its segments (`pre-prod` -> [pre, prod]), longest first so `pre-prod` beats `prod`. */
  words: { segments: string[]; environment: string }[];
  labels: readonly string[];
  platformSuffixes: ReadonlySet<string>;
}

const compiled = new WeakMap<Vocabulary, CompiledVocabulary>();

function compile(vocabulary: Vocabulary): CompiledVocabulary {
  const cached = compiled.get(vocabulary);
  if (cached) return cached;
  const words = vocabulary.words
    .map((word) => word.toLowerCase())
    .filter((word) => word !== "")
    .map((word) => ({ segments: splitSegments(word), environment: CANONICAL[word] ?? word }))
    .sort((a, b) => b.segments.length - a.segments.length);
  const result = {
    words,
    labels: vocabulary.labels,
    platformSuffixes: new Set(vocabulary.platformSuffixes.map((s) => s.toLowerCase())),
  };
  compiled.set(vocabulary, result);
  return result;
}

export function splitSegments(name: string): string[] {
  return name.toLowerCase().split(SEPARATORS).filter((s) => s !== "");
}

/** The environment a name's segments spell, or undefined. The first environment word found wins. */
export function environmentOfName(name: string, vocabulary: Vocabulary): string | undefined {
  const { platformSuffixes } = compile(vocabulary);
  const segments = splitSegments(name);
  if (segments.length > 1 && platformSuffixes.has(segments[segments.length - 1] as string)) return undefined;
  return environmentOfSegments(segments, compile(vocabulary));
}

function environmentOfSegments(segments: readonly string[], vocabulary: CompiledVocabulary): string | undefined {
  for (let i = 0; i < segments.length; i++) {
    for (const word of vocabulary.words) {
      if (matchesAt(segments, i, word.segments)) return word.environment;
    }
  }
  return undefined;
}

/** Does `word` occur as whole segments at `start`? Its last segment may carry a number (`dev2`, `prod01`). */
function matchesAt(segments: readonly string[], start: number, word: readonly string[]): boolean {
  if (start + word.length > segments.length) return false;
  const last = word.length - 1;
  return word.every((part, j) => {
    const segment = segments[start + j] as string;
    return segment === part || (j === last && TRAILING_NUMBER.test(segment) && segment.replace(TRAILING_NUMBER, "") === part);
  });
}

/** The environment of a namespace: an environment label names it outright, else the name's segments. */
export function environmentOf(
  name: string,
  labels: Readonly<Record<string, string>>,
  vocabulary: Vocabulary,
): Environment | undefined {
  const compiledVocabulary = compile(vocabulary);
  for (const key of compiledVocabulary.labels) {
    const value = labels[key];
    if (!value) continue;
    // A label value is judged by the same words (`env: production` -> prod; `env: blue` names nothing we know),
    // and platform suffixes do not apply: the label says outright that it names an environment.
    const fromLabel = environmentOfSegments(splitSegments(value), compiledVocabulary);
    if (fromLabel) return { name: fromLabel, evidence: `label ${key}=${value}` };
  }
  const fromName = environmentOfName(name, vocabulary);
  return fromName ? { name: fromName, evidence: "name" } : undefined;
}
