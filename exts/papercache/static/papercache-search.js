// PaperCache search page: Pagefind results for ?q= and the checked facets (papercache/pagefind.py).
// The query and the facets live in the URL, so a search can be linked, bookmarked and reloaded.
const config = JSON.parse(document.getElementById("pc-search-config").textContent);
const form = document.getElementById("pc-search-form");
const input = document.getElementById("pc-search-input");
const status = document.querySelector(".pc-search-status");
const list = document.querySelector(".pc-results");
const boxes = [...document.querySelectorAll(".pc-facet input[type=checkbox]")];
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const PAGE = 10; // results rendered at a time: each needs its page's fragment, a few KB

// The Chinese index holds our jieba words separated by spaces (papercache/segment.py); a query is
// split the same way, longest match first against the index's own vocabulary.
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const CJK = "[\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef]";
const GAP = new RegExp(`(${CJK})((?:</?mark>)*) +((?:</?mark>)*)(?=${CJK})`, "g");

let pagefind = null;
let vocabulary = null;
let longest = 1;
let generation = 0; // a newer search makes the results of an older one stale
let shown = [];

function readURL() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
}

function writeURL(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, values] of Object.entries(filters)) {
    for (const value of values.any) params.append(name, value);
  }
  const url = `${location.pathname}${params.size ? `?${params}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
}

function selected() {
  // any of the values checked within a facet, all of the facets
  const filters = {};
  for (const box of boxes) {
    if (box.checked) (filters[box.name] ??= { any: [] }).any.push(box.value);
  }
  return filters;
}

function showCounts(counts) {
  for (const box of boxes) {
    const n = counts?.[box.name]?.[box.value] ?? 0;
    const label = box.closest(".pc-facet-option");
    label.querySelector(".pc-facet-count").textContent = `(${n})`;
    label.classList.toggle("pc-facet-empty", n === 0 && !box.checked);
  }
}

async function loadVocabulary() {
  if (vocabulary) return;
  // gzipped by the build (papercache/segment.py), whatever the server does
  const response = await fetch(new URL(config.words, root));
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  const text = await new Response(stream).text();
  vocabulary = new Set(text.split(" ").filter(Boolean));
  for (const word of vocabulary) longest = Math.max(longest, word.length);
}

function split(run, backward) {
  // longest known word from one end; jieba agrees more often from the end (backward)
  const out = [];
  let i = backward ? run.length : 0;
  while (backward ? i > 0 : i < run.length) {
    let n = Math.min(longest, backward ? i : run.length - i);
    const word = (m) => (backward ? run.slice(i - m, i) : run.slice(i, i + m));
    while (n > 1 && !vocabulary.has(word(n))) n--;
    out.push(word(n));
    i += backward ? -n : n;
  }
  return backward ? out.reverse() : out;
}

async function segmentations(query) {
  // the queries to try in turn: backward, then forward longest match (when they differ)
  if (!config.words || !query.match(HAN)) return [query];
  await loadVocabulary();
  const spaced = (backward) =>
    query
      .replace(HAN, (run) => ` ${split(run, backward).join(" ")} `)
      .replace(/\s+/g, " ")
      .trim();
  return [...new Set([spaced(true), spaced(false)])];
}

function excerptHTML(excerpt) {
  // Pagefind escapes the page text and adds <mark>; anything else that looks like a tag is text.
  // The spaces between Chinese words were only for the index.
  return (excerpt || "").replace(/<(?!\/?mark>)/g, "&lt;").replace(GAP, "$1$2$3");
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "pc-result";
  const link = document.createElement("a");
  link.className = "pc-result-title";
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const meta = document.createElement("div");
  meta.className = "pc-result-meta";
  meta.textContent = [data.meta.kind, data.meta.paper].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "pc-result-excerpt";
  excerpt.innerHTML = excerptHTML(data.excerpt);
  item.append(link, meta, excerpt);
  return item;
}

async function renderMore(mine) {
  const batch = shown.splice(0, PAGE);
  const items = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  document.querySelector(".pc-results-more")?.remove();
  list.append(...items.map(resultItem));
  if (shown.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "btn btn-sm pc-results-more";
    more.textContent = config.text.more;
    more.addEventListener("click", () => renderMore(mine));
    list.after(more);
  }
}

async function search() {
  const mine = ++generation;
  // set again when this search has shown its results (tests wait on them)
  delete status.dataset.done;
  delete status.dataset.count;
  const query = input.value.trim();
  const filters = selected();
  writeURL(query, filters);
  if (!pagefind) return;
  const anyFilter = Object.keys(filters).length > 0;
  if (!query && !anyFilter) {
    showCounts(await pagefind.filters());
    if (mine !== generation) return;
    list.replaceChildren();
    document.querySelector(".pc-results-more")?.remove();
    status.textContent = config.text.hint;
    status.dataset.done = "1";
    return;
  }
  // a facet listing without a query: newest papers first, then the other pages
  const options = query ? { filters } : { filters, sort: { date: "desc" } };
  let found = null;
  for (const term of query ? await segmentations(query) : [null]) {
    found = await pagefind.search(term, options);
    if (!found || found.results.length) break;
  }
  if (mine !== generation || !found) return;
  showCounts(found.filters);
  list.replaceChildren();
  document.querySelector(".pc-results-more")?.remove();
  status.dataset.count = found.results.length;
  status.textContent = found.results.length
    ? config.text.results.replace("{n}", found.results.length)
    : config.text.no_results;
  shown = [...found.results];
  await renderMore(mine);
  if (mine === generation) status.dataset.done = "1";
}

let timer = 0;
function searchSoon() {
  clearTimeout(timer);
  timer = setTimeout(search, 120);
}

async function start() {
  readURL();
  if (!input.value) input.focus();
  try {
    pagefind = await import(new URL(config.bundle, root).href);
    // result URLs are relative to this language's root, wherever the site is served from
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 24, ranking: config.ranking });
    // Pagefind takes the index language from <html lang> and, for Chinese, would cut the query
    // with the browser's segmenter; our Chinese index is word-split already (config.language).
    const html = document.documentElement;
    const lang = html.lang;
    if (config.language) html.lang = config.language;
    try {
      await pagefind.init();
    } finally {
      html.lang = lang;
    }
    // loads every filter table (a few KB): a search counts only the facets already loaded
    await pagefind.filters();
  } catch (error) {
    status.textContent = config.text.unavailable;
    console.warn("papercache search:", error);
    return;
  }
  await search();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
input.addEventListener("input", searchSoon);
for (const box of boxes) box.addEventListener("change", search);
document.querySelector(".pc-facets-clear").addEventListener("click", () => {
  for (const box of boxes) box.checked = false;
  search();
});
window.addEventListener("popstate", () => {
  readURL();
  search();
});
start();
