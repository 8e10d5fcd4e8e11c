/**
 * The editor path with a real client: vscode-eslint-language-server (the server of VS Code's ESLint extension, from
 * vscode-langservers-extracted) driven over LSP on stdio, with the settings the extension sends for the documented
 * VS Code setup (docs/usage.md: eslint.validate includes yaml; eslint.useFlatConfig left alone — ESLint 10 only has
 * flat config, and the server finds eslint.config.mjs itself). Diagnostics are pulled (`textDocument/diagnostic`),
 * as VS Code does with this server.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/eslint-cli.js";
import { committedRepo } from "../helpers/surfaces.js";
import { LspClient, type Diagnostic } from "../helpers/lsp-client.js";
import { docsUrl } from "../../rules/support/rule.js";

const SERVER = path.join(PROJECT_ROOT, "node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server");
const TTL_SECONDS = 1;

let workspace: string;
let client: LspClient;
const versions = new Map<string, number>();

const uriOf = (rel: string) => pathToFileURL(path.join(workspace, rel)).href;

/** What the ESLint extension answers to `workspace/configuration` for a YAML file in eslint.validate. */
function extensionSettings() {
  return {
    validate: "on",
    packageManager: "npm",
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeAction: { disableRuleComment: { enable: true, location: "separateLine", commentStyle: "line" }, showDocumentation: { enable: true } },
    codeActionOnSave: { mode: "all" },
    format: false,
    quiet: false,
    onIgnoredFiles: "off",
    options: {},
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    // Where the user's ESLint is: this project's node_modules (the workspace is a temporary folder).
    nodePath: path.join(PROJECT_ROOT, "node_modules"),
    workingDirectory: { mode: "location" },
    workspaceFolder: { name: "repo", uri: pathToFileURL(workspace).href },
  };
}

function answer(method: string, params: unknown): unknown {
  if (method === "workspace/configuration") return (params as { items: unknown[] }).items.map(() => extensionSettings());
  return null; // client/registerCapability, window/workDoneProgress/create, eslint/* notices
}

function open(rel: string): void {
  versions.set(rel, 1);
  const text = fs.readFileSync(path.join(workspace, rel), "utf8");
  client.notify("textDocument/didOpen", { textDocument: { uri: uriOf(rel), languageId: "yaml", version: 1, text } });
}

/** An unsaved edit: the editor's buffer changes, the file on disk does not. */
function edit(rel: string, text: string): void {
  const version = (versions.get(rel) ?? 1) + 1;
  versions.set(rel, version);
  client.notify("textDocument/didChange", { textDocument: { uri: uriOf(rel), version }, contentChanges: [{ text }] });
}

/** Pulled diagnostics of a document as "rule line" strings (1-based lines, like ESLint's output). */
async function diagnostics(rel: string): Promise<string[]> {
  const report = await client.request<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri: uriOf(rel) } });
  expect(report.kind).toBe("full");
  return report.items.map((d) => `${codeOf(d)} ${d.range.start.line + 1}`).sort();
}

function codeOf(d: Diagnostic): string {
  const code = d.code as string | { value: string } | undefined;
  return typeof code === "object" ? code.value : String(code ?? d.message);
}

describe("VS Code's ESLint language server (vscode-eslint-language-server over LSP)", () => {
  beforeAll(async () => {
    workspace = committedRepo(["surfaces-tenants"], {
      "cluster/team-b.yaml": fs.readFileSync(path.join(PROJECT_ROOT, "tests/fixtures/surfaces-findings/cluster/team-b.yaml"), "utf8"),
      "eslint.config.mjs":
        `import kube from ${JSON.stringify(pathToFileURL(path.join(PROJECT_ROOT, "dist/index.js")).href)};\n` +
        `export default [...kube.configs.recommended, { settings: { kube: { indexTtlSeconds: ${TTL_SECONDS} } } }];\n`,
    });
    client = new LspClient(process.execPath, [SERVER, "--stdio"], answer, workspace);
    await client.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "repo" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: { dynamicRegistration: false } },
      },
    });
    client.notify("initialized", {});
  }, 60_000);
  afterAll(async () => {
    await client?.shutdown();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("opening a tenant Namespace file gives the kube diagnostics, with links to the rule docs", async () => {
    open("cluster/team-b.yaml");
    expect(await diagnostics("cluster/team-b.yaml"), client.log.join("\n")).toEqual([
      "kube/require-limit-range 5",
      "kube/require-network-policy 5",
      "kube/require-resource-quota 5",
    ]);
    const report = await client.request<{ items: (Diagnostic & { codeDescription?: { href: string } })[] }>("textDocument/diagnostic", {
      textDocument: { uri: uriOf("cluster/team-b.yaml") },
    });
    for (const d of report.items) {
      expect(d.codeDescription?.href).toBe(docsUrl(String(d.code).slice("kube/".length)));
      expect(d.severity).toBe(1); // LSP Error, as the config sets them
    }
    // The server took ESLint 10's flat config path by itself (nothing forced in the settings).
    expect(client.log.join("\n")).toContain("ESLint library loaded from");
  });

  it("an unsaved edit that removes the tenant label makes them go", async () => {
    const text = fs.readFileSync(path.join(workspace, "cluster/team-b.yaml"), "utf8");
    expect(text).toContain("    tenant: team-b\n");
    edit("cluster/team-b.yaml", text.replace("    tenant: team-b\n", ""));
    expect(await diagnostics("cluster/team-b.yaml")).toEqual([]);
    // Typing it back brings them back: the buffer, not the disk, is what is linted.
    edit("cluster/team-b.yaml", text);
    expect(await diagnostics("cluster/team-b.yaml")).toHaveLength(3);
  });

  it("deleting a NetworkPolicy file on disk brings the finding back once the index re-checks", async () => {
    open("cluster/namespaces.yaml");
    expect(await diagnostics("cluster/namespaces.yaml")).toEqual([]);
    fs.rmSync(path.join(workspace, "tenants/team-a/networkpolicy.yaml"));
    // After indexTtlSeconds without a lint, the next lint re-checks the files on disk (docs/usage.md).
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 300));
    expect(await diagnostics("cluster/namespaces.yaml")).toEqual(["kube/require-network-policy 5"]);
  });
});
