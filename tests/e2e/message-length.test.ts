/**
 * Messages a person scans: what is wrong, on which object, and the fix, in one or two short sentences; the why lives on
 * the docs page each finding links to. Every kube finding of both configs over every fixture repository is checked.
 */
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs helper shared with scripts/message-lengths.mjs
import { collectMessages, summarize } from "../../scripts/message-collector.mjs";

interface Collected {
  config: string;
  root: string;
  file: string;
  ruleId: string;
  messageId: string;
  message: string;
}

/**
 * The fixture repositories are the hard cases (near misses, Kustomize renames, tenancy operators): their median may
 * run a little over the 160 characters a typical finding takes on real repositories (tests/e2e/corpus.test.ts), and
 * names filled in can stretch the odd one; nothing turns into a paragraph.
 */
const TYPICAL = 180;
const RULE_MEDIAN = 260;
const LONGEST = 320;

let messages: Collected[] = [];
beforeAll(async () => {
  messages = (await collectMessages()) as Collected[];
}, 180_000);

describe("kube messages over the fixture repositories", () => {
  it("finds something to judge in both configs", () => {
    expect(messages.filter((m) => m.config === "recommended").length).toBeGreaterThan(20);
    expect(messages.filter((m) => m.config === "strict").length).toBeGreaterThan(20);
  });

  it(`keeps the median message within ${TYPICAL} characters, and every rule's within ${RULE_MEDIAN}`, () => {
    const lengths = messages.map((m) => m.message.length).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(TYPICAL);
    const rows = summarize(messages) as { key: string; median: number }[];
    const overTypical = rows.filter((r) => r.median > RULE_MEDIAN).map((r) => `${r.key}: median ${r.median}`);
    expect(overTypical).toEqual([]);
  });

  it(`never writes a wall of text (${LONGEST} characters at most)`, () => {
    const long = messages.filter((m) => m.message.length > LONGEST).map((m) => `${m.ruleId} ${m.root}/${m.file}: ${m.message}`);
    expect(long).toEqual([]);
  });

  it("says what to do: every message has a sentence that tells the fix", () => {
    const fixVerbs = /\b(Add|Set|Use|Remove|Renew|Roll|Reissue|Issue|Fix|Give|Run|Grant|Narrow|List|Keep|Rename|Prefer|Admit|Label|Name|Move|Drop|Bind|Point|Enable|Turn|Replace|Change|Reserve|Delete|Make|Put|Let)\b/;
    const without = messages.filter((m) => !fixVerbs.test(m.message)).map((m) => `${m.ruleId}: ${m.message}`);
    expect(without).toEqual([]);
  });

  it("names the object it is about", () => {
    const unnamed = messages.filter((m) => !/'[^']+'/.test(m.message)).map((m) => `${m.ruleId}: ${m.message}`);
    expect(unnamed).toEqual([]);
  });

  it("never repeats background the docs page carries", () => {
    const background = /control plane, nodes|one blast radius|within reach of factoring|impersonate its owner|CVE-\d/;
    expect(messages.filter((m) => background.test(m.message)).map((m) => m.message)).toEqual([]);
  });
});
