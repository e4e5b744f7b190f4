// Render CSL-JSON with citeproc-js: one job as JSON on stdin, the result as JSON on stdout.
//
// Usage: node render.mjs <dir holding node_modules/citeproc>  < job.json
// Job:    {"style_path", "locale", "locales_dir", "items": [...], "citations": [["id", ...], ...]}
// Result: {"bibliography": [{"id", "html", "text"}], "citations": [{"ids", "html", "text"}], "engine"}

import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const FALLBACK_LOCALE = "en-US";
const NAMED_ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Load the citeproc package installed under `moduleDir`. */
function loadCiteproc(moduleDir) {
  const require = createRequire(join(moduleDir, "package.json"));
  const CSL = require("citeproc");
  const npmVersion = require("citeproc/package.json").version;
  return { CSL, engine: `citeproc-js ${CSL.PROCESSOR_VERSION} (npm citeproc ${npmVersion})` };
}

/** Read all of stdin as a string. */
function readStdin() {
  return readFileSync(0, "utf8");
}

/** Map a language tag ("fi", "fi-FI") to the locale XML file in `dir`, or null. */
function localePath(dir, lang) {
  const exact = join(dir, `locales-${lang}.xml`);
  if (existsSync(exact)) return exact;
  const index = join(dir, "locales.json");
  if (existsSync(index)) {
    const dialect = JSON.parse(readFileSync(index, "utf8"))["primary-dialects"]?.[lang.split("-")[0]];
    if (dialect && existsSync(join(dir, `locales-${dialect}.xml`))) return join(dir, `locales-${dialect}.xml`);
  }
  return null;
}

/** The citeproc-js `sys` object: items by id, locale XML from `localesDir`. */
function makeSys(items, localesDir) {
  const byId = new Map(items.map((item) => [String(item.id), item]));
  return {
    retrieveItem: (id) => byId.get(String(id)),
    retrieveLocale: (lang) => {
      const path = localePath(localesDir, lang) ?? localePath(localesDir, FALLBACK_LOCALE);
      return path ? readFileSync(path, "utf8") : false;
    },
  };
}

/** Decode numeric and the common named HTML entities. */
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** HTML → plain text: block tags become spaces (so "[1]" and its entry are separated), others vanish. */
function htmlToText(html) {
  const stripped = html.replace(/<\/?(div|br|p)\b[^>]*>/gi, " ").replace(/<[^>]*>/g, "");
  return decodeEntities(stripped).replace(/\s+/g, " ").trim();
}

/** Every bibliography entry with the id of the item it renders. */
function bibliography(engine) {
  const result = engine.makeBibliography();
  if (!result) return [];
  const [params, entries] = result;
  return entries.map((html, i) => ({
    id: String(params.entry_ids[i][0]),
    html: html.trim(),
    text: htmlToText(html),
  }));
}

/** One independent, first-position, non-note citation per cluster, over the registered items. */
function citations(engine, CSL, clusters) {
  return clusters.map((ids) => {
    const citation = { citationItems: ids.map((id) => ({ id: String(id) })), properties: { noteIndex: 0 } };
    // Empty citationsPre/Post: the cluster is alone in the document, so every cite is "first";
    // ASSUME_ALL_ITEMS_REGISTERED keeps the registry (numbering, year suffixes) from updateItems.
    const [, rendered] = engine.processCitationCluster(citation, [], [], CSL.ASSUME_ALL_ITEMS_REGISTERED);
    const html = rendered.find(([, , citationID]) => citationID === citation.citationID)?.[1] ?? "";
    return { ids: ids.map(String), html, text: htmlToText(html) };
  });
}

/** Run one job and return the result object. */
function run(job, moduleDir) {
  const { CSL, engine: engineName } = loadCiteproc(moduleDir);
  const style = readFileSync(job.style_path, "utf8");
  const engine = new CSL.Engine(makeSys(job.items, job.locales_dir), style, job.locale || FALLBACK_LOCALE, true);
  engine.setOutputFormat("html");
  engine.updateItems(job.items.map((item) => String(item.id)));
  const bib = bibliography(engine);
  return { bibliography: bib, citations: citations(engine, CSL, job.citations ?? []), engine: engineName };
}

const moduleDir = process.argv[2];
if (!moduleDir) {
  process.stderr.write("usage: node render.mjs <dir holding node_modules/citeproc> < job.json\n");
  process.exit(2);
}
process.stdout.write(JSON.stringify(run(JSON.parse(readStdin()), moduleDir)));
