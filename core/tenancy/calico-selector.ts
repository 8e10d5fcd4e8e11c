/**
 * Calico selector expressions (`selector`, `namespaceSelector` of projectcalico.org policies), evaluated in three-valued
 * logic: labels we know (a namespace's) give true or false, labels we cannot know (a pod's) give "unknown", which a
 * caller reads as "selects only some pods". Only the syntax documented at
 * docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors is understood: `all()`, `global()`,
 * `k == 'v'`, `k != 'v'`, `has(k)`, `k in {...}`, `k not in {...}`, `contains`, `starts with`, `ends with`, `!`, `&&`,
 * `||`, parentheses. Anything else does not parse, and a selector that does not parse selects nothing here: a linter
 * must never widen what a policy protects.
 */
export type Tri = true | false | "unknown";
/** A label's value; undefined when the label is absent; UNKNOWN when it is a pod label we cannot see. */
export const UNKNOWN = Symbol("unknown label");
export type LabelLookup = (key: string) => string | undefined | typeof UNKNOWN;

type Node =
  | { op: "all" | "global" }
  | { op: "not"; arg: Node }
  | { op: "and" | "or"; left: Node; right: Node }
  | { op: "has"; key: string }
  | { op: "cmp"; key: string; cmp: "==" | "!=" | "contains" | "starts" | "ends"; value: string }
  | { op: "in"; key: string; values: string[]; negated: boolean };

const TOKEN = /\s*(\|\||&&|==|!=|!|\(|\)|\{|\}|,|'[^']*'|"[^"]*"|[A-Za-z0-9_.\/-]+)/y;

function tokenize(text: string): string[] | undefined {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) return /^\s*$/.test(text.slice(start)) ? out : undefined;
    out.push(m[1] as string);
  }
  return out;
}

/** Parses a selector; undefined when it uses syntax we do not model. */
export function parseCalicoSelector(text: string): Node | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  if (tokens.length === 0) return { op: "all" }; // an empty selector selects everything
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const isString = (t: string | undefined) => t !== undefined && /^['"]/.test(t);
  const unquote = (t: string) => t.slice(1, -1);
  const isKey = (t: string | undefined) => t !== undefined && /^[A-Za-z0-9_./-]+$/.test(t);

  const or = (): Node | undefined => {
    let left = and();
    while (left && peek() === "||") {
      next();
      const right = and();
      left = right ? { op: "or", left, right } : undefined;
    }
    return left;
  };
  const and = (): Node | undefined => {
    let left = unary();
    while (left && peek() === "&&") {
      next();
      const right = unary();
      left = right ? { op: "and", left, right } : undefined;
    }
    return left;
  };
  const unary = (): Node | undefined => {
    if (peek() === "!") {
      next();
      const arg = unary();
      return arg ? { op: "not", arg } : undefined;
    }
    if (peek() === "(") {
      next();
      const inner = or();
      return next() === ")" ? inner : undefined;
    }
    return term();
  };
  const term = (): Node | undefined => {
    const word = next();
    if ((word === "all" || word === "global") && peek() === "(") {
      next();
      return next() === ")" ? { op: word } : undefined;
    }
    if (word === "has" && peek() === "(") {
      next();
      const key = next();
      return isKey(key) && next() === ")" ? { op: "has", key: key as string } : undefined;
    }
    if (!isKey(word)) return undefined;
    const key = word as string;
    const op = next();
    if (op === "==" || op === "!=" || op === "contains") {
      const value = next();
      return isString(value) ? { op: "cmp", key, cmp: op, value: unquote(value as string) } : undefined;
    }
    if ((op === "starts" || op === "ends") && next() === "with") {
      const value = next();
      return isString(value) ? { op: "cmp", key, cmp: op, value: unquote(value as string) } : undefined;
    }
    const negated = op === "not";
    if (negated ? next() !== "in" : op !== "in") return undefined;
    if (next() !== "{") return undefined;
    const values: string[] = [];
    while (isString(peek())) {
      values.push(unquote(next() as string));
      if (peek() === ",") next();
    }
    return next() === "}" ? { op: "in", key, values, negated } : undefined;
  };

  const tree = or();
  return tree && i === tokens.length ? tree : undefined;
}

/** Evaluates a selector; a selector we cannot parse is false (it selects nothing here). */
export function evaluateCalicoSelector(text: string, lookup: LabelLookup): Tri {
  const tree = parseCalicoSelector(text);
  return tree ? evaluate(tree, lookup) : false;
}

function evaluate(node: Node, lookup: LabelLookup): Tri {
  switch (node.op) {
    case "all":
      return true;
    case "global":
      return false; // non-namespaced endpoints (hosts, network sets): never a namespace's pods
    case "not": {
      const v = evaluate(node.arg, lookup);
      return v === "unknown" ? v : !v;
    }
    case "and": {
      const l = evaluate(node.left, lookup);
      if (l === false) return false;
      const r = evaluate(node.right, lookup);
      return r === false ? false : l === true && r === true ? true : "unknown";
    }
    case "or": {
      const l = evaluate(node.left, lookup);
      if (l === true) return true;
      const r = evaluate(node.right, lookup);
      return r === true ? true : l === false && r === false ? false : "unknown";
    }
    case "has": {
      const v = lookup(node.key);
      return v === UNKNOWN ? "unknown" : v !== undefined;
    }
    case "cmp": {
      const v = lookup(node.key);
      if (v === UNKNOWN) return "unknown";
      if (node.cmp === "!=") return v !== node.value; // an absent label is "not equal" too
      if (v === undefined) return false;
      if (node.cmp === "==") return v === node.value;
      if (node.cmp === "contains") return v.includes(node.value);
      return node.cmp === "starts" ? v.startsWith(node.value) : v.endsWith(node.value);
    }
    case "in": {
      const v = lookup(node.key);
      if (v === UNKNOWN) return "unknown";
      const found = v !== undefined && node.values.includes(v);
      return node.negated ? !found : found;
    }
  }
}
