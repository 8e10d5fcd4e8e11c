/**
 * Module resolve hooks (run in Node's loader thread; see resolve-fallback.ts for why they exist).
 */
interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes: Record<string, string>;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

/** Packages a user's eslint.config.* may import that kube-lint itself carries. */
const FALLBACK_PACKAGES = ["eslint-plugin-kube", "eslint", "eslint-plugin-yml", "yaml-eslint-parser"];

let fallbackParent: string | undefined;

export function initialize(data: { fallbackParent: string }): void {
  fallbackParent = data.fallbackParent;
}

function isFallbackPackage(specifier: string): boolean {
  return FALLBACK_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!fallbackParent || !isFallbackPackage(specifier)) throw error;
    // Resolving the plugin's own name from inside the plugin works through package.json "exports" self-reference.
    return nextResolve(specifier, { ...context, parentURL: fallbackParent });
  }
}
