/**
 * Plain tenant labels: a namespace labelled with one of `settings.kube.tenantLabels` (default
 * `capsule.clastix.io/tenant`, `toolkit.fluxcd.io/tenant`, `tenant`, `team`) belongs to the tenant the value names.
 * The first key in settings order wins; a key another provider claims (Capsule's) marks a tenant of that provider.
 */
import type { TenancyProvider } from "../provider.js";

export const labelsProvider: TenancyProvider = {
  id: "label",
  definingKinds: [],
  read: (_ws, settings) => ({
    markFromLabels(labels, ctx) {
      for (const key of settings.tenantLabels) {
        const value = labels[key];
        if (value) return { name: value, source: ctx.providerOfLabel(key), evidence: `label ${key}=${value}` };
      }
      return undefined;
    },
  }),
};
