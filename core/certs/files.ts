/**
 * Reading the files a kubeconfig points at (`certificate-authority: certs/ca.crt`). Only files inside the repository
 * root are read — a kubeconfig naming `/etc/kubernetes/pki/ca.crt` or `~/.kube/...` refers to the user's machine,
 * and a symlink must not lead the linter out of the repository either.
 */
import fs from "node:fs";
import path from "node:path";

const MAX_BYTES = 1024 * 1024;

/** The text of `ref` resolved against the kubeconfig's folder, when it is a small regular file inside `root`. */
export function readRepositoryFile(root: string, kubeconfigPath: string, ref: string): string | undefined {
  if (ref.trim() === "" || ref.startsWith("~")) return undefined;
  try {
    const realRoot = fs.realpathSync(root);
    const target = fs.realpathSync(path.resolve(path.dirname(kubeconfigPath), ref));
    const relative = path.relative(realRoot, target);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
    const stat = fs.statSync(target);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    return fs.readFileSync(target, "utf8");
  } catch {
    return undefined; // missing or unreadable: nothing to check
  }
}
