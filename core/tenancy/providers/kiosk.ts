/**
 * kiosk (loft-sh/kiosk). Tenants: a Space (its namespace) belongs to `spec.account`; a namespace labelled
 * `kiosk.sh/account` too. Protection: Templates applied by the Space's Account (`spec.space.templateInstances`) or by
 * a TemplateInstance in the namespace (`resources.manifests`). Labels: the Account's `spec.space.spaceTemplate`
 * labels (set at creation, not forced). Subjects: the Account's `spec.subjects`.
 */
import type { ManifestObject } from "../../manifest/model.js";
import { asArray, asRecord, asString, stringMap } from "../../manifest/yaml-ast.js";
import type { Workspace } from "../../workspace/workspace.js";
import type { NamespaceCatalog } from "../namespaces.js";
import { groupOf, isNetworkPolicyItem, KINDS_FOR, type CarriedPolicy, type ProtectingObject, type TenancyProvider } from "../provider.js";

const ID = "kiosk";

export const kioskProvider: TenancyProvider = {
  id: ID,
  definingKinds: ["Space"],
  policyCarrierKinds: ["Template"],
  read(ws) {
    const accounts = new Map<string, ManifestObject>();
    const templates = new Map<string, ManifestObject>();
    for (const a of ws.ofKind("Account")) if (a.group.startsWith("tenancy.kiosk.sh") && a.name) accounts.set(a.name, a);
    for (const t of ws.ofKind("Template")) if (t.group.startsWith("config.kiosk.sh") && t.name) templates.set(t.name, t);
    return {
      definition(obj) {
        if (obj.kind !== "Space" || !obj.group.startsWith("tenancy.kiosk.sh") || !obj.name) return undefined;
        return { name: obj.name, ownLabels: { ...obj.labels }, description: `kiosk Space '${obj.name}'` };
      },
      markFromLabels(labels) {
        const account = labels["kiosk.sh/account"];
        return account ? { name: account, source: ID, evidence: "label kiosk.sh/account" } : undefined;
      },
      markFromDefinition(by) {
        const account = by.kind === "Space" ? asString(asRecord(by.value.spec)?.account) : undefined;
        return account ? { name: account, source: ID, evidence: `kiosk Space of account ${account}` } : undefined;
      },
      protecting(target, kind) {
        const applied: { template: string; via: string }[] = [];
        const account = target.provider === ID && target.tenant ? accounts.get(target.tenant) : undefined;
        if (account) {
          for (const instance of asArray(asRecord(asRecord(account.value.spec)?.space)?.templateInstances)) {
            const template = asString(asRecord(asRecord(instance)?.spec)?.template);
            if (template) applied.push({ template, via: `kiosk Account '${account.name}'` });
          }
        }
        if (target.namespace) {
          for (const instance of ws.inNamespace(target.namespace, "TemplateInstance")) {
            if (!instance.group.startsWith("config.kiosk.sh")) continue;
            const template = asString(asRecord(instance.value.spec)?.template);
            if (template) applied.push({ template, via: `kiosk TemplateInstance '${instance.name}'` });
          }
        }
        const out: ProtectingObject[] = [];
        for (const { template, via } of applied) {
          const tpl = templates.get(template);
          for (const manifest of asArray(asRecord(asRecord(tpl?.value.resources))?.manifests)) {
            const m = asRecord(manifest);
            const itemKind = asString(m?.kind);
            if (!tpl || !m || !itemKind || !KINDS_FOR[kind].includes(itemKind)) continue;
            out.push({
              kind: itemKind,
              group: groupOf(asString(m.apiVersion)),
              name: asString(asRecord(m.metadata)?.name),
              spec: asRecord(m.spec),
              evidence: tpl,
              source: "kiosk-template",
              via: `kiosk Template '${template}' (applied by ${via})`,
            });
          }
        }
        return out;
      },
      managedLabels(target) {
        const account = target.provider === ID && target.tenant ? accounts.get(target.tenant) : undefined;
        if (!account) return [];
        const labels = stringMap(asRecord(asRecord(asRecord(asRecord(account.value.spec)?.space)?.spaceTemplate)?.metadata)?.labels);
        const via = `kiosk Account '${account.name}' spec.space.spaceTemplate`;
        return Object.entries(labels).map(([key, value]) => ({ key, value, evidence: account, via, forced: false }));
      },
      subjects(add) {
        for (const account of ws.ofKind("Account")) {
          if (!account.group.startsWith("tenancy.kiosk.sh") || !account.name) continue;
          const why = `subject of kiosk Account '${account.name}'`;
          for (const s of asArray(asRecord(account.value.spec)?.subjects)) add(s, { tenant: account.name, why, evidence: account });
        }
      },
      carriedPolicies(obj, ctx) {
        if (!obj.group.startsWith("config.kiosk.sh") || obj.kind !== "Template" || !obj.name) return undefined;
        const owners = templateUsers(obj.name, ctx.ws, ctx.catalog);
        const where = `applied by kiosk to the spaces of ${owners.length > 0 ? owners.map((o) => `'${o}'`).join(", ") : "the accounts using it"}`;
        return asArray(asRecord(obj.value.resources)?.manifests).flatMap((raw, k): CarriedPolicy[] => {
          const item = asRecord(raw);
          if (!isNetworkPolicyItem(item)) return [];
          const kind = asString(item?.kind) as string;
          const label = `${kind} '${asString(asRecord(item?.metadata)?.name) ?? "(unnamed)"}' of kiosk Template '${obj.name}'`;
          return [{ kind, label, spec: asRecord(item?.spec), specPath: ["resources", "manifests", k, "spec"], owners, where }];
        });
      },
    };
  },
};

/** kiosk accounts that apply a Template: through `spec.space.templateInstances` or a TemplateInstance in their space. */
function templateUsers(template: string, ws: Workspace, catalog: NamespaceCatalog): string[] {
  const users = new Set<string>();
  for (const account of ws.ofKind("Account")) {
    const instances = asArray(asRecord(asRecord(account.value.spec)?.space)?.templateInstances);
    if (account.name && instances.some((i) => asString(asRecord(asRecord(i)?.spec)?.template) === template)) users.add(account.name);
  }
  for (const instance of ws.ofKind("TemplateInstance")) {
    if (asString(asRecord(instance.value.spec)?.template) !== template || !instance.namespace) continue;
    const tenant = catalog.tenantOf(instance.namespace, "marked");
    if (tenant) users.add(tenant.name);
  }
  return [...users];
}
