/**
 * Helm values as the delivery tools hand them to a chart, for providers that read a chart's configuration (vcluster):
 * - Flux HelmRelease: `spec.values` (inline) win over `spec.valuesFrom` ConfigMaps/Secrets (not read here);
 *   https://fluxcd.io/flux/components/helm/helmreleases/#values-references
 * - Argo CD Application: `helm.valuesObject` wins over `helm.values` (a YAML string), `helm.parameters` win over both;
 *   `helm.valueFiles` are not read. https://argo-cd.readthedocs.io/en/stable/user-guide/helm/#values
 * Values the tools take from somewhere we do not read are named in `unread`, so a provider can trust rather than guess.
 */
import { parseYAML } from "yaml-eslint-parser";
import { asArray, asRecord, asString, ValueBuilder, type PlainValue } from "../../manifest/yaml-ast.js";

export type Values = Record<string, PlainValue>;

export interface ChartValues {
  values: Values;
  /** In words, the value sources not read: "valuesFrom ConfigMap 'x'". */
  unread: string[];
}

/** A YAML document in a string (Argo CD `helm.values`, a VirtualClusterInstance's values); undefined when unreadable. */
export function parseValuesText(text: string | undefined): Values | undefined {
  if (!text || text.includes("{{")) return undefined; // templated values: only the platform can render them
  try {
    const program = parseYAML(text);
    return asRecord(new ValueBuilder().value(program.body[0]?.content ?? null));
  } catch {
    return undefined;
  }
}

/** The value at a dotted path (`policies.networkPolicy.enabled`). */
export function valueAt(values: Values | undefined, path: string): PlainValue | undefined {
  let current: PlainValue | undefined = values;
  for (const key of path.split(".")) {
    const record = asRecord(current);
    if (!record || !(key in record)) return undefined;
    current = record[key];
  }
  return current;
}

/** Helm's merge of maps: `over` wins, nested maps merge, `null` deletes the key. */
export function mergeValues(base: Values, over: Values | undefined): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    const a = asRecord(out[key]);
    const b = asRecord(value);
    if (value === null) delete out[key];
    else out[key] = a && b ? mergeValues(a, b) : value;
  }
  return out;
}

function setPath(values: Values, path: string, value: PlainValue): Values {
  const [head, ...rest] = path.split(".");
  if (!head) return values;
  if (rest.length === 0) return { ...values, [head]: value };
  return { ...values, [head]: setPath(asRecord(values[head]) ?? {}, rest.join("."), value) };
}

export function fluxValues(spec: Values | undefined): ChartValues {
  const unread = asArray(spec?.valuesFrom).map((ref) => `valuesFrom ${asString(asRecord(ref)?.kind) ?? "?"} '${asString(asRecord(ref)?.name) ?? "?"}'`);
  return { values: asRecord(spec?.values) ?? {}, unread };
}

export function argoValues(helm: Values | undefined): ChartValues {
  const unread: string[] = asArray(helm?.valueFiles).map((f) => `valueFiles ${asString(f) ?? "?"}`);
  const text = asString(helm?.values);
  const fromText = parseValuesText(text);
  if (text && !fromText) unread.push("helm.values (not plain YAML)");
  let values = mergeValues(fromText ?? {}, asRecord(helm?.valuesObject));
  for (const parameter of asArray(helm?.parameters)) {
    const name = asString(asRecord(parameter)?.name);
    const value = asString(asRecord(parameter)?.value);
    if (name && value !== undefined) values = setPath(values, name, value);
  }
  return { values, unread };
}
