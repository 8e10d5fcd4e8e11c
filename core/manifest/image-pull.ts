/**
 * The pull policy a container really gets. When `imagePullPolicy` is omitted the API server defaults it from the
 * image reference (k8s.io/kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Container, with
 * pkg/util/parsers.ParseImageName): tag `latest`, or neither tag nor digest (which means `latest`), gives `Always`;
 * anything else — another tag, a digest only (`app@sha256:...`), or a name the parser rejects — `IfNotPresent`.
 */

export type PullPolicy = "Always" | "IfNotPresent";

export interface ImageReference {
  /** Whether the reference parses (docker/distribution reference grammar, as ParseNormalizedNamed). */
  valid: boolean;
  tag: string | undefined;
  digest: string | undefined;
}

const DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  const name = colon > slash ? rest.slice(0, colon) : rest;
  const parts = name.split("/");
  // The first part is a registry when it looks like a host (has a dot or port, or is localhost), as the parser decides.
  const first = parts[0] ?? "";
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase());
  const path = hasDomain ? parts.slice(1) : parts;
  const valid =
    (!hasDomain || DOMAIN.test(first)) &&
    path.length > 0 &&
    path.every((p) => PATH_COMPONENT.test(p)) &&
    (tag === undefined || TAG.test(tag)) &&
    (digest === undefined || DIGEST.test(digest));
  return { valid, tag, digest };
}

/** What the API server sets when `imagePullPolicy` is omitted. */
export function defaultPullPolicy(image: string): PullPolicy {
  const ref = parseImageReference(image);
  if (!ref.valid) return "IfNotPresent";
  if (ref.tag === "latest" || (ref.tag === undefined && ref.digest === undefined)) return "Always";
  return "IfNotPresent";
}
