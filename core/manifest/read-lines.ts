/**
 * The index's fastest reader: plain block-style YAML, line by line, the way most hand-written manifests look —
 * `key: value` mappings, `- ` sequences (compact `- key: value` items too), plain, single-quoted and escape-free
 * double-quoted one-line scalars, `{}`, `[]` and one-line flow sequences of such scalars (`policyTypes: [Ingress]`,
 * `drop: [ALL]`), comments, `---` between documents.
 *
 * It gives exactly what read-values.ts (the `yaml` package's parser) gives, or declines (`undefined`) and leaves the
 * file to it: anything else — other flow collections, block scalars, multi-line scalars, anchors, aliases, tags, merge
 * keys, quoted keys, escapes, tabs, CR, directives, duplicate keys, odd indentation — is declined, never guessed.
 * A differential test compares the two on generated files of every style and on ../shared/corpus.
 */
import { collectManifests, type DocumentView, type MappingView } from "./collect.js";
import type { ManifestFile } from "./model.js";
import { detach, resolvePlain } from "./plain-values.js";
import { emptyRecord, keyText, type PlainValue } from "./yaml-ast.js";

class Declined extends Error {}

const decline = (): never => {
  throw new Declined();
};

interface Line {
  indent: number;
  /** The line after its indentation (comments not yet cut: they depend on quoting). */
  text: string;
  /** 1-based. */
  line: number;
}

/** `key:` or `key: rest`, with a plain key of the characters manifests use (no spaces, quotes or indicators). */
const KEY_LINE = /^([A-Za-z0-9_$][A-Za-z0-9_.\/$-]*):(?: +(.*))?$/;
const DOCUMENT_START = /^---[ ]*(?:#.*)?$/;
/** First characters a one-line plain scalar may not start with here (flow, anchors, tags, block scalars, ...). */
const INDICATOR = /^[[\]{}&*!|>%@`?:,]/;

export function readBlockYaml(text: string, filePath: string): ManifestFile | undefined {
  if (text.includes("\t") || text.includes("\r")) return undefined;
  try {
    const documents = splitDocuments(text).map(readDocument);
    return collectManifests(documents, filePath);
  } catch {
    // Declined, or a case this reader got wrong: either way the exact reader decides.
    return undefined;
  }
}

/** Content lines per document: `---` starts one; what precedes the first `---` is one only if it has content. */
function splitDocuments(text: string): Line[][] {
  const documents: Line[][] = [];
  let current: Line[] = [];
  let started = false;
  const rows = text.split("\n");
  for (let row = 0; row < rows.length; row++) {
    const raw = rows[row] as string;
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length || raw.charCodeAt(indent) === 35 /* # */) continue; // blank or comment
    if (indent === 0 && raw.startsWith("---") && (raw.length === 3 || raw[3] === " ")) {
      if (!DOCUMENT_START.test(raw)) decline(); // `--- value`, `--- !tag`
      if (started || current.length > 0) documents.push(current);
      current = [];
      started = true;
    } else if (indent === 0 && (raw.startsWith("...") || raw.startsWith("%"))) {
      decline(); // document end markers and directives: left to the full parser
    } else {
      current.push({ indent, text: raw.slice(indent), line: row + 1 });
    }
  }
  if (started || current.length > 0) documents.push(current);
  return documents;
}

function readDocument(lines: Line[]): DocumentView<undefined> {
  if (lines.length === 0) return { content: "none", root: undefined, listItems: () => [] };
  const reader = new Reader(lines);
  const first = lines[0] as Line;
  if (!KEY_LINE.test(first.text)) decline(); // root scalars and sequences: rare, declined
  const root = reader.mapping(first.indent);
  if (reader.at < lines.length) decline(); // a line the structure does not account for (bad indentation)
  const view = (value: { [key: string]: PlainValue }): MappingView<undefined> => ({
    value,
    line: reader.lines.get(value) ?? decline(),
    node: undefined,
  });
  return {
    content: "mapping",
    root: view(root),
    listItems: () => {
      const items = root.items;
      return Array.isArray(items)
        ? items.map((item) => (item !== null && typeof item === "object" && !Array.isArray(item) ? view(item) : undefined))
        : [];
    },
  };
}

class Reader {
  at = 0;
  /** Where each mapping starts (its first key's line). */
  readonly lines = new Map<object, number>();
  constructor(private readonly input: Line[]) {}

  private peek(): Line | undefined {
    return this.input[this.at];
  }

  mapping(indent: number): { [key: string]: PlainValue } {
    const out = emptyRecord();
    this.lines.set(out, (this.peek() as Line).line);
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const m = KEY_LINE.exec(line.text);
      if (!m) decline(); // a sequence entry or scalar where a key belongs
      const key = keyText(resolvePlain(m![1] as string));
      if (key === "<<" || Object.prototype.hasOwnProperty.call(out, key)) decline(); // merge keys; duplicates are errors
      this.at++;
      const rest = m![2] === undefined || m![2].startsWith("#") ? "" : m![2];
      out[key] = rest === "" ? this.nested(indent) : this.inlineScalar(rest, indent);
    }
    return out;
  }

  private sequence(indent: number): PlainValue[] {
    const out: PlainValue[] = [];
    for (let line = this.peek(); line && line.indent === indent && line.text.startsWith("- "); line = this.peek()) {
      let offset = 2;
      while (line.text.charCodeAt(offset) === 32) offset++;
      const rest = line.text.slice(offset);
      if (rest === "" || rest.startsWith("#") || rest.startsWith("- ") || rest === "-") decline(); // null or nested entries
      if (KEY_LINE.test(rest)) {
        // `- key: value`: a mapping whose first line is this one, at the column of its key.
        this.input[this.at] = { indent: indent + offset, text: rest, line: line.line };
        out.push(this.mapping(indent + offset));
      } else {
        this.at++;
        out.push(this.inlineScalar(rest, indent));
      }
    }
    return out;
  }

  /** The value of `key:` with nothing after it: a block below it, a sequence at its own indent, or null. */
  private nested(indent: number): PlainValue {
    const next = this.peek();
    if (!next) return null;
    if (next.indent > indent) {
      if (next.text.startsWith("- ")) return this.sequence(next.indent);
      if (KEY_LINE.test(next.text)) return this.mapping(next.indent);
      return decline(); // a multi-line scalar, or something else spanning lines
    }
    if (next.indent === indent && next.text.startsWith("- ")) return this.sequence(indent);
    return null;
  }

  /** A one-line scalar after `key: ` or `- `; the next line must not continue it. */
  private inlineScalar(rest: string, indent: number): PlainValue {
    const next = this.peek();
    if (next && next.indent > indent) decline(); // a continuation line, or a block under a scalar (an error)
    const first = rest.charCodeAt(0);
    if (first === 34 /* " */) return quoted(rest, '"').value;
    if (first === 39 /* ' */) return quoted(rest, "'").value;
    if (first === 123 /* { */ && /^\{\}[ ]*(?:#.*)?$/.test(rest)) return emptyRecord();
    if (first === 91 /* [ */) return flowSequence(rest);
    if (cannotStartPlain(rest)) decline();
    const hash = rest.indexOf(" #");
    return plainScalar((hash < 0 ? rest : rest.slice(0, hash)).trimEnd());
  }
}

/** Indicators, and `-` alone or before a space (a sequence entry): no plain scalar starts so here. */
function cannotStartPlain(text: string): boolean {
  return INDICATOR.test(text) || text.startsWith("- ") || text === "-";
}

/** Nothing after a scalar or `]` but spaces and a comment. */
function onlyCommentAfter(after: string): boolean {
  return after.trim() === "" || /^ +#/.test(after);
}

function plainScalar(plain: string): PlainValue {
  if (plain.includes(": ") || plain.endsWith(":")) decline(); // a mapping where a scalar is: an error in YAML
  const value = resolvePlain(plain);
  return typeof value === "string" ? detach(value) : value;
}

/** `[]`, `[a, b]`, `["a", 'b']` on one line: scalars only, no trailing comma, nothing after `]` but a comment. */
function flowSequence(rest: string): PlainValue[] {
  const out: PlainValue[] = [];
  let i = 1;
  const skipSpaces = () => {
    while (rest.charCodeAt(i) === 32) i++;
  };
  skipSpaces();
  if (rest[i] !== "]") {
    for (;;) {
      skipSpaces();
      const c = rest[i];
      if (c === '"' || c === "'") {
        const item = quoted(rest.slice(i), c, true);
        out.push(item.value);
        i += item.length;
      } else {
        let end = i;
        while (end < rest.length && !",[]{}#".includes(rest[end] as string)) end++;
        if (rest[end] === "#" || rest[end] === "[" || rest[end] === "{") decline(); // comments, nesting
        const plain = rest.slice(i, end).trimEnd();
        if (plain === "" || cannotStartPlain(plain) || plain.includes(":")) decline();
        out.push(plainScalar(plain));
        i = end;
      }
      skipSpaces();
      if (rest[i] === ",") {
        i++;
        continue;
      }
      if (rest[i] === "]") break;
      decline();
    }
  }
  if (!onlyCommentAfter(rest.slice(i + 1))) decline();
  return out;
}

/**
 * A one-line quoted scalar: single quotes with `''` for a quote; double quotes only without escapes. `inFlow`: inside
 * `[...]`, where a `,` or `]` may follow (checked by the caller); else only spaces or a comment.
 */
function quoted(rest: string, quote: '"' | "'", inFlow = false): { value: string; length: number } {
  let value = "";
  let i = 1;
  for (;;) {
    const close = rest.indexOf(quote, i);
    if (close < 0) return decline(); // spans lines
    const part = rest.slice(i, close);
    if (quote === '"' && part.includes("\\")) return decline();
    if (quote === "'" && rest[close + 1] === "'") {
      value += part + "'";
      i = close + 2;
      continue;
    }
    value += part;
    const after = rest.slice(close + 1);
    if (!inFlow && !onlyCommentAfter(after)) decline(); // `"a" b`, `"a":` ...
    if (inFlow && !/^ *[,\]]/.test(after)) decline(); // `["a": b]`, `["a" b]`
    return { value: detach(value), length: close + 1 };
  }
}
