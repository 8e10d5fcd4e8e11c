/**
 * Where certificates and keys hide in Kubernetes objects, by kind and field. Everything not named here is left to
 * the generic PEM finder (see embedded.ts).
 */
import type { ManifestObject } from "../manifest/model.js";
import type { Encoding, Expect } from "./material.js";

export type Path = readonly (string | number)[];

export type FieldRole =
  /** A value holding material, in this encoding, meant to be this. */
  | { role: "value"; encoding: Encoding; expect: Expect }
  /** A kubeconfig path to a file holding material (PEM), relative to the kubeconfig. */
  | { role: "file"; expect: Expect }
  /** Ciphertext by design (SealedSecret `encryptedData`): never material. */
  | { role: "ignore" };

/** Secret/ConfigMap keys whose meaning is fixed by Kubernetes conventions. */
function expectByKeyName(key: string | number | undefined): Expect {
  if (key === "tls.crt" || key === "ca.crt") return "certificate";
  if (key === "tls.key") return "private-key";
  return "any";
}

const KUBECONFIG_FIELDS: Record<string, FieldRole> = {
  "clusters.cluster.certificate-authority-data": { role: "value", encoding: "base64", expect: "certificate" },
  "users.user.client-certificate-data": { role: "value", encoding: "base64", expect: "certificate" },
  "users.user.client-key-data": { role: "value", encoding: "base64", expect: "private-key" },
  "clusters.cluster.certificate-authority": { role: "file", expect: "certificate" },
  "users.user.client-certificate": { role: "file", expect: "certificate" },
  "users.user.client-key": { role: "file", expect: "private-key" },
};

/** The role of the scalar at `path` inside `obj`, or undefined for "no known role". */
export function roleOf(obj: ManifestObject, path: Path): FieldRole | undefined {
  const [top, key] = path;
  switch (obj.kind) {
    case "Config":
      // kubeconfig: clusters[i].cluster.<field>, users[i].user.<field>
      if (path.length === 4 && typeof path[1] === "number") {
        return KUBECONFIG_FIELDS[`${String(top)}.${String(path[2])}.${String(path[3])}`];
      }
      break;
    case "Secret":
      if (path.length === 2 && top === "data") return { role: "value", encoding: "base64", expect: expectByKeyName(key) };
      if (path.length === 2 && top === "stringData") return { role: "value", encoding: "pem", expect: expectByKeyName(key) };
      break;
    case "ConfigMap":
      if (path.length === 2 && top === "data") {
        // The CA bundle every namespace gets (ServiceAccount token projection); elsewhere keys are free-form.
        const expect = obj.name === "kube-root-ca.crt" && key === "ca.crt" ? "certificate" : "any";
        return { role: "value", encoding: "pem", expect };
      }
      if (path.length === 2 && top === "binaryData") return { role: "value", encoding: "base64", expect: "any" };
      break;
    case "SealedSecret":
      if (top === "spec" && key === "encryptedData") return { role: "ignore" };
      break;
  }
  // Webhook configurations' webhooks[].clientConfig, APIService spec, CRD conversion webhooks (v1 and v1beta1),
  // and the many CRDs (cert-manager issuers, Istio, Linkerd...) that follow the same convention.
  if (path[path.length - 1] === "caBundle") return { role: "value", encoding: "base64", expect: "certificate" };
  return undefined;
}

/** `clusters[0].cluster.certificate-authority-data` */
export function formatPath(path: Path): string {
  let out = "";
  for (const step of path) out += typeof step === "number" ? `[${step}]` : out ? `.${step}` : step;
  return out;
}
