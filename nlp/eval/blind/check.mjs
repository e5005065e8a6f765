// Validate the blind evaluation set: every line parses, labels come from the
// fixed lists, voice matches the file name. Prints counts. Usage:
//   node nlp/eval/blind/check.mjs
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = dirname(fileURLToPath(import.meta.url));
const INTENTS = ["consult", "dispute", "filing", "case_query", "enforcement", "petition", "complaint",
  "judicial_aid", "appointment", "ticket_status", "human", "greeting", "out_of_scope"];
const DOMAINS = ["marriage_family", "inheritance", "labor", "wage_arrears", "traffic", "lending",
  "property_mgmt", "housing", "contract", "consumer", "medical", "personal_injury", "neighbor", "land",
  "company", "ip", "criminal", "administrative", "other"];
const RISKS = ["none", "self_harm", "violence", "domestic_violence", "group_protest", "escalation", "vulnerable"];
const KEYS = ["text", "intent", "domain", "risk", "voice"];

const count = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
const perFile = new Map(), intents = new Map(), domains = new Map(), risks = new Map();
const seen = new Map();
let errors = 0, total = 0, minLen = Infinity, maxLen = 0;
const err = (where, msg) => { errors++; console.error(`${where}: ${msg}`); };

for (const f of readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()) {
  const voice = f.replace(/\.jsonl$/, "");
  const lines = readFileSync(join(dir, f), "utf8").split("\n");
  let n = 0;
  lines.forEach((line, i) => {
    const where = `${f}:${i + 1}`;
    if (line.trim() === "") { if (i !== lines.length - 1) err(where, "blank line"); return; }
    let o;
    try { o = JSON.parse(line); } catch (e) { err(where, `bad JSON: ${e.message}`); return; }
    const keys = Object.keys(o);
    if (keys.length !== KEYS.length || !KEYS.every((k) => typeof o[k] === "string")) err(where, `keys must be exactly ${KEYS.join(",")} (strings)`);
    if (!INTENTS.includes(o.intent)) err(where, `bad intent ${o.intent}`);
    if (!DOMAINS.includes(o.domain)) err(where, `bad domain ${o.domain}`);
    if (!RISKS.includes(o.risk)) err(where, `bad risk ${o.risk}`);
    if (o.voice !== voice) err(where, `voice ${o.voice} != file ${voice}`);
    const t = (o.text ?? "").trim();
    if (t.length < 2) err(where, "empty text");
    if (seen.has(t)) err(where, `duplicate of ${seen.get(t)}`); else seen.set(t, where);
    minLen = Math.min(minLen, [...t].length); maxLen = Math.max(maxLen, [...t].length);
    n++; total++;
    count(intents, o.intent); count(domains, o.domain); count(risks, o.risk);
  });
  perFile.set(f, n);
}

const show = (title, m, order) => {
  console.log(`\n${title}`);
  for (const k of order ?? [...m.keys()].sort()) console.log(`  ${k.padEnd(16)} ${m.get(k) ?? 0}`);
};
show("per file", perFile);
show("per intent", intents, INTENTS);
show("per domain", domains, DOMAINS);
show("per risk", risks, RISKS);
const risky = total - (risks.get("none") ?? 0);
console.log(`\ntotal ${total}, with risk ${risky} (${((100 * risky) / total).toFixed(1)}%), text length ${minLen}-${maxLen} chars`);
if (errors) { console.error(`\n${errors} error(s)`); process.exit(1); }
