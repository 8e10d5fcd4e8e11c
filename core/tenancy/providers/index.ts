/**
 * The tenancy providers, in the order their answers compose: marks (labels first, then defining objects, then
 * hierarchies), protecting objects and managed labels are listed provider by provider in this order.
 * Adding a model: one file in this folder, one line here.
 */
import type { TenancyProvider } from "../provider.js";
import { capsuleProvider } from "./capsule.js";
import { hncProvider } from "./hnc.js";
import { kioskProvider } from "./kiosk.js";
import { kyvernoProvider } from "./kyverno.js";
import { labelsProvider } from "./labels.js";

export const PROVIDERS: readonly TenancyProvider[] = [labelsProvider, hncProvider, capsuleProvider, kioskProvider, kyvernoProvider];

/** Kinds whose objects may define tenant namespaces or runtime tenants, Namespace included. */
export const DEFINING_KINDS: ReadonlySet<string> = new Set(["Namespace", ...PROVIDERS.flatMap((p) => p.definingKinds)]);

/** Kinds that may carry NetworkPolicies into tenant namespaces. */
export const POLICY_CARRIER_KINDS: ReadonlySet<string> = new Set(PROVIDERS.flatMap((p) => p.policyCarrierKinds ?? []));
