/**
 * The `kube/yaml` language: eslint-plugin-yml's YAML language (same parser, same SourceCode, same rules), except that
 * each file's SourceCode is let go of once ESLint has finished the file.
 *
 * Why: ESLint 10 builds every rule context of a file with `Object.create(fileContext)` (lib/linter/file-context.js,
 * `extend`). That makes the per-file context a prototype, and V8 keeps prototypes' maps in the old generation until
 * the next full collection — so each file's context, its SourceCode and the whole YAML AST survive every young
 * collection, are promoted, and pile up: strict on 10,000 tenant files peaked at 371 MB instead of 220 MB and ran
 * 25% longer (docs/performance.md, round 4; the bench's `floor-one-rule` variant shows it with ESLint alone and one
 * rule that does nothing). The context cannot be changed from a plugin, but what it points to can: rules see a
 * SourceCode that forwards to the real one, and once the file is done the forwarding is cut, so the AST dies young.
 *
 * The kube/helm-templates processor tells which files to watch and when each is done: preprocess() announces the file
 * (only announced files get a forwarding SourceCode), postprocess() runs after every rule of the file has run and its
 * messages are final. The cut happens when the next file's SourceCode is created, so `linter.getSourceCode()` keeps
 * working until the next file starts. Without the processor nothing is forwarded or cut: the language is `yml/yaml`.
 */
import type { ESLint } from "eslint";
import yml from "eslint-plugin-yml";

type YamlLanguage = NonNullable<typeof yml.languages>["yaml"];
type SourceCode = ReturnType<YamlLanguage["createSourceCode"]>;
type Language = NonNullable<ESLint.Plugin["languages"]>[string];

/** Where a forwarding SourceCode points: the real one, or nothing once released. */
interface Forward {
  target: SourceCode | undefined;
  path: string;
  /** Methods bound to the target, so private fields (`this.#steps`) resolve on the real object. */
  bound: Map<PropertyKey, unknown>;
}

/** Files the processor announced and has not finished. */
const announced = new Set<string>();
/** SourceCodes handed out and not yet released, by file path; those whose file is done wait in `done`. */
const live = new Map<string, Forward[]>();
let done: Forward[] = [];

function target(forward: Forward): SourceCode {
  if (forward.target) return forward.target;
  throw new Error(
    `eslint-plugin-kube: the SourceCode of ${forward.path} was released after ESLint linted the file (language "kube/yaml"). A tool that needs it later can use language "yml/yaml".`,
  );
}

/** A SourceCode that forwards every read, write and call to the real one while the file is being linted. */
function forwarding(real: SourceCode, path: string): SourceCode {
  const forward: Forward = { target: real, path, bound: new Map() };
  const list = live.get(path);
  if (list) list.push(forward);
  else live.set(path, [forward]);
  // The proxy's own target is an empty stand-in, so nothing but `forward` holds the real SourceCode.
  return new Proxy(Object.create(null) as SourceCode, {
    get(_, key) {
      const real = target(forward);
      const value: unknown = Reflect.get(real, key);
      if (typeof value !== "function") return value;
      let bound = forward.bound.get(key);
      if (bound === undefined) forward.bound.set(key, (bound = (value as (...a: unknown[]) => unknown).bind(real)));
      return bound;
    },
    set: (_, key, value) => Reflect.set(target(forward), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(forward), key),
    // Kept configurable: the stand-in never holds it, and a proxy may not claim a non-configurable property it lacks.
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(forward), key, { ...descriptor, configurable: true }),
    has: (_, key) => Reflect.has(target(forward), key),
    ownKeys: () => Reflect.ownKeys(target(forward)),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(forward), key);
      // The stand-in has no own properties: a proxy may only report configurable ones it does not have.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target(forward)),
  });
}

/** Called by the processor's preprocess(): ESLint is about to lint this file. */
export function fileStarting(path: string): void {
  announced.add(path);
}

/** Called by the processor's postprocess(): ESLint is done with this file. */
export function fileLinted(path: string): void {
  announced.delete(path);
  const list = live.get(path);
  if (!list) return;
  live.delete(path);
  done = done.length === 0 ? list : done.concat(list);
}

function releaseDone(): void {
  for (const forward of done) {
    forward.target = undefined;
    forward.bound.clear();
  }
  done = [];
}

/** eslint-plugin-yml's language with the SourceCode release above; everything else is inherited from it. */
export function kubeYamlLanguage(base: YamlLanguage = yml.languages!.yaml): Language {
  const language = Object.create(base) as YamlLanguage;
  language.createSourceCode = function (file, parseResult) {
    releaseDone();
    const real = base.createSourceCode(file, parseResult);
    return announced.has(file.path) ? forwarding(real, file.path) : real;
  };
  return language as unknown as Language;
}
