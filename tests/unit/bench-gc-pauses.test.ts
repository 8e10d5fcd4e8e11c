/**
 * bench/gc-pauses.mjs: rule-timing matches each garbage-collection pause to the row (rule) whose charge holds it, so
 * that a row growing with the heap can be told from a row growing with its own work (docs/performance.md, round 9).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs bench helper, no type declarations
import { pauseLedger } from "../../bench/gc-pauses.mjs";

interface Ledger {
  remember(id: string, from: number, to: number): void;
  attribute(start: number, duration: number): void;
  report(): { byRow: Record<string, number>; outside: number };
}

const ledger = (ring?: number): Ledger => pauseLedger(ring) as Ledger;

describe("pauseLedger", () => {
  it("charges a pause to the row whose interval holds it, and one between rows to none", () => {
    const l = ledger();
    l.remember("context", 0, 10);
    l.remember("kube/a", 10, 12);
    l.remember("kube/b", 20, 30);
    l.attribute(3, 2); // inside context
    l.attribute(14, 4); // between kube/a and kube/b: ESLint's own code
    l.attribute(25, 1); // inside kube/b
    expect(l.report()).toEqual({ byRow: { context: 2, "kube/b": 1 }, outside: 4 });
  });

  it("splits a pause that spans two charges and the gap between them", () => {
    const l = ledger();
    l.remember("context", 0, 10);
    l.remember("kube/a", 12, 20);
    l.attribute(8, 6); // 8-10 in context, 10-12 in no row, 12-14 in kube/a
    expect(l.report()).toEqual({ byRow: { context: 2, "kube/a": 2 }, outside: 2 });
  });

  it("adds up repeated charges of a row, whichever order pauses are reported in", () => {
    const l = ledger();
    for (let file = 0; file < 100; file++) l.remember("context", file * 10, file * 10 + 5);
    l.attribute(991, 2); // the newest charge
    l.attribute(11, 3); // an old one, reported late
    expect(l.report().byRow.context).toBe(5);
    expect(l.report().outside).toBe(0);
  });

  it("counts a pause older than the kept charges as outside every row", () => {
    const l = ledger(4);
    for (let file = 0; file < 8; file++) l.remember("context", file * 10, file * 10 + 5);
    l.attribute(1, 2); // its charge (file 0) has left the ring of 4
    l.attribute(71, 2); // file 7, still kept
    expect(l.report()).toEqual({ byRow: { context: 2 }, outside: 2 });
  });
});
