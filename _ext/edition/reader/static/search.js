/* The edition's search page: passages, notes, register entries, claims rows, timeline events
   and the other pages, from the index the build writes (edition-search-index.js, loaded here
   when a query is made; no other page loads it).

   A query and a text are compared "folded": without accents and capitals (Vlore = Vlorë,
   Koci = Koçi). A query that is a name or a variant of a register entry finds the entry first,
   then every passage that mentions it under any form (as the register lists them), and the
   notes, rows and events that use any of its forms. Any other query finds the items that
   contain every word of it (as the start of a word); a word that is a form of an entry stands
   for all its forms. The page is written with textContent only: nothing in the index or the
   query becomes markup. */
(function () {
  "use strict";
  var MAX_QUERY = 200, CONTEXT = 70, MAX_RESULTS = 400;
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var base = indexUrl ? indexUrl.replace(/_static\/edition-search-index\.js$/, "") : "";
  var form = document.querySelector(".edition-search-form");
  var input = document.getElementById("edition-search-q");
  var sourceSelect = document.getElementById("edition-search-source");
  var status = document.getElementById("edition-search-status");
  var results = document.getElementById("search-results");
  if (!form || !input || !results) return;

  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}]/u;

  /* folded text, and for each of its characters the index of the character it came from */
  function foldWithMap(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i), ch = text[i];
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) ch = text.slice(i, i + 2);
      var folded = ch.normalize("NFD").replace(MARKS, "").toLowerCase();
      if (folded === "\u2019" || folded === "\u02bc") folded = "'";
      for (var k = 0; k < folded.length; k++) { out += folded[k]; map.push(i); }
      i += ch.length - 1;
    }
    map.push(text.length);
    return { text: out, map: map };
  }
  function fold(text) { return foldWithMap(text).text; }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}']+/u).map(function (w) { return w.replace(/^'+|'+$/g, ""); })
      .filter(Boolean);
  }

  /* where `phrase` (folded words joined by spaces) occurs in folded `hay` from a word start;
     whole: to a word's end too */
  function find(hay, phrase, whole) {
    var found = [], from = 0;
    while (phrase && (from = hay.indexOf(phrase, from)) >= 0) {
      var end = from + phrase.length;
      if ((from === 0 || !WORD.test(hay[from - 1])) && (!whole || end >= hay.length || !WORD.test(hay[end]))) {
        found.push([from, end]);
      }
      from += 1;
    }
    return found;
  }
  /* a text's folded form for matching only (fast: whole strings, no map back to the text) */
  function quick(text) {
    return { text: text.normalize("NFD").replace(MARKS, "").toLowerCase().replace(/[\u2019\u02bc]/g, "'")
      .replace(/[^\p{L}\p{N}']+/gu, " ") };
  }
  /* a text's folded form, with spaces collapsed as in a query's words, and for each of its
     characters the index of the character of `text` it came from (to mark the matches) */
  function prepare(text) {
    var folded = foldWithMap(text);
    var norm = "", map = [];
    for (var i = 0; i < folded.text.length; i++) {
      var ch = folded.text[i];
      if (!WORD.test(ch) && ch !== "'") ch = " ";
      if (ch === " " && norm[norm.length - 1] === " ") continue;
      norm += ch; map.push(folded.map[i]);
    }
    map.push(text.length);
    return { raw: text, text: norm, map: map };
  }

  var index = null, loading = null;
  function load() {
    if (index) return Promise.resolve(index);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = indexUrl;
      tag.onload = function () {
        var data = window.EditionSearchIndex;
        if (!data) { reject(new Error("no index")); return; }
        var loaded = performance.now();
        index = digest(data);
        window.editionSearchTiming = { loaded: loaded, digested: performance.now() };
        resolve(index);
      };
      tag.onerror = function () { reject(new Error("index not found")); };
      document.head.appendChild(tag);
    });
    return loading;
  }

  function digest(data) {
    var byForm = {};
    data.entries.forEach(function (entry, number) {
      entry.forms = entry[4].map(function (form) { return words(form).join(" "); });
      entry.forms.forEach(function (form) {
        byForm[form] = byForm[form] || [];
        if (byForm[form].indexOf(number) < 0) byForm[form].push(number);
      });
      entry.hay = quick(entry[1] + " " + entry[4].join(" ") + " " + entry[6]);
      entry.names = quick(entry[1] + " " + entry[4].join(" "));
    });
    data.byForm = byForm;
    data.passages.forEach(function (p) { p.hay = quick(p[3]); });
    data.notes.forEach(function (n) { n.hay = quick(n[5]); });
    data.claims.forEach(function (c) { c.hay = quick(c[1] + " " + c[2]); });
    data.events.forEach(function (e) { e.hay = quick(e[1] + " " + e[2]); });
    data.pages.forEach(function (p) { p.hay = quick(p[1] + " " + p[2]); });
    return data;
  }

  /* The query as alternatives per word: [[phrase, ...], ...] (every group must match), and the
     register entries it names. Words in quotation marks ("…", “…”, «…», „…“) are one phrase. */
  var QUOTED = /["\u201c\u201d\u201e\u00ab\u00bb]([^"\u201c\u201d\u201e\u00ab\u00bb]+)["\u201c\u201d\u00ab\u00bb]?/g;
  function parse(query, data) {
    var phrases = [];
    var rest = query.replace(QUOTED, function (quote, inside) {
      var phrase = words(inside).join(" ");
      if (phrase) phrases.push([phrase]);
      return " ";
    });
    if (phrases.length) {
      var others = parse(rest, data);
      return { entries: [], groups: phrases.concat(others.groups), whole: false,
               terms: words(query) };
    }
    var terms = words(query);
    var whole = terms.join(" ");
    var named = data.byForm[whole] || [];
    if (named.length) {
      var forms = [];
      named.forEach(function (e) { forms = forms.concat(data.entries[e].forms); });
      return { entries: named, groups: [unique(forms)], whole: true, terms: terms };
    }
    var groups = terms.filter(function (t) { return t.length > 1 || terms.length === 1; })
      .map(function (term) {
        var alternatives = [term];
        (data.byForm[term] || []).forEach(function (e) {
          alternatives = alternatives.concat(data.entries[e].forms);
        });
        return unique(alternatives);
      });
    return { entries: [], groups: groups, whole: false, terms: terms };
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  /* the places where an item's text matches every group, or null */
  function matches(hay, query) {
    var spans = [];
    for (var g = 0; g < query.groups.length; g++) {
      var found = [];
      query.groups[g].forEach(function (phrase) {
        found = found.concat(find(hay.text, phrase, query.whole || phrase.indexOf(" ") > 0));
      });
      if (!found.length) return null;
      spans = spans.concat(found);
    }
    return spans.sort(function (a, b) { return a[0] - b[0]; });
  }

  function search(query, data, source) {
    var found = { entries: [], passages: [], notes: [], claims: [], events: [], pages: [] };
    var inSource = function (number) { return !source || data.sources[number].slug === source; };
    query.entries.forEach(function (e) { found.entries.push([data.entries[e], matches(data.entries[e].hay, query) || []]); });
    if (!query.entries.length) {
      data.entries.forEach(function (entry) {
        var spans = matches(entry.hay, query);
        if (spans) found.entries.push([entry, spans]);
      });
      found.entries.sort(function (a, b) {  // a match in the name or a form before one in the description
        return (matches(a[0].names, query) ? 0 : 1) - (matches(b[0].names, query) ? 0 : 1);
      });
    }
    data.passages.forEach(function (p) {
      if (!inSource(p[0])) return;
      var named = query.entries.some(function (e) { return p[4].indexOf(e) >= 0; });
      var spans = matches(p.hay, query);
      if (named || (!query.entries.length && spans)) found.passages.push([p, spans || []]);
    });
    [["notes", function (n) { return inSource(n[0]); }], ["claims"], ["events"], ["pages"]].forEach(function (kind) {
      data[kind[0]].forEach(function (item) {
        if (kind[1] && !kind[1](item)) return;
        var spans = matches(item.hay, query);
        if (spans) found[kind[0]].push([item, spans]);
      });
    });
    return found;
  }

  /* --- writing the results ------------------------------------------------------------------- */
  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }
  /* a keyword-in-context snippet of `hay` around its first match, the matches marked */
  function snippet(text, query) {
    var hay = prepare(text), spans = matches(hay, query) || [];
    var out = make("span", "edition-snippet");
    var raw = hay.raw;
    if (!spans.length) { out.textContent = raw.length > 2 * CONTEXT ? raw.slice(0, 2 * CONTEXT) + " …" : raw; return out; }
    var first = hay.map[spans[0][0]];
    var start = Math.max(0, first - CONTEXT), end = Math.min(raw.length, first + CONTEXT + 40);
    if (start > 0) { var space = raw.indexOf(" ", start); start = space >= 0 && space < first ? space + 1 : start; }
    if (end < raw.length) { var back = raw.lastIndexOf(" ", end); end = back > first ? back : end; }
    if (start > 0) out.appendChild(document.createTextNode("… "));
    var at = start;
    spans.forEach(function (span) {
      var from = hay.map[span[0]], to = hay.map[span[1]];
      if (from < at || to > end) return;
      out.appendChild(document.createTextNode(raw.slice(at, from)));
      out.appendChild(make("mark", "", raw.slice(from, to)));
      at = to;
    });
    out.appendChild(document.createTextNode(raw.slice(at, end)));
    if (end < raw.length) out.appendChild(document.createTextNode(" …"));
    return out;
  }
  function passageHref(data, sourceNumber, id, query) {
    var params = query.entries.length ? "entry=" + encodeURIComponent(data.entries[query.entries[0]][0])
      : "words=" + encodeURIComponent(query.groups.map(function (g) { return g.join("|"); }).join(" "));
    return base + data.sources[sourceNumber].url + "?" + params + "#" + id;
  }
  function group(title, kind, items, render) {
    if (!items.length) return;
    var section = make("section", "edition-results edition-results-" + kind);
    section.appendChild(make("h2", "", title + " (" + items.length + ")"));
    var list = make("ul", "search");
    items.slice(0, MAX_RESULTS).forEach(function (item) {
      var li = make("li", "edition-result edition-result-" + kind);
      render(li, item[0], item[1]);
      list.appendChild(li);
    });
    section.appendChild(list);
    if (items.length > MAX_RESULTS) section.appendChild(make("p", "", "… and " + (items.length - MAX_RESULTS) + " more: add a word to narrow the search."));
    results.appendChild(section);
  }
  function link(li, href, text) {
    var a = make("a", "", text);
    a.href = href;
    li.appendChild(a);
    return a;
  }
  var KINDS = { person: "person", place: "place", organisation: "organisation", event: "event", concept: "concept" };

  function show(found, query, data) {
    results.textContent = "";
    group("Register", "entry", found.entries, function (li, entry, spans) {
      link(li, base + data.register_page + "#term-" + entry[0], entry[2] + (entry[5] ? " (" + entry[5] + ")" : ""));
      li.appendChild(make("span", "edition-result-kind", " " + (KINDS[entry[3]] || entry[3])));
      var others = entry[4].filter(function (f) { return f !== entry[1]; });
      if (others.length) li.appendChild(make("span", "edition-result-forms", " — also " + others.join(", ")));
      li.appendChild(make("br"));
      li.appendChild(snippet(entry[6], query));
    });
    group("Passages", "passage", found.passages, function (li, p, spans) {
      var source = data.sources[p[0]];
      link(li, passageHref(data, p[0], p[1], query), source.title + ", ¶\u00a0" + p[2]);
      li.appendChild(make("br"));
      li.appendChild(snippet(p[3], query));
    });
    group("Editors' notes", "note", found.notes, function (li, n, spans) {
      link(li, base + data.sources[n[0]].url + "#" + n[1], "Note\u00a0" + n[3] + " (" + n[4] + ") on " + data.sources[n[0]].title + ", ¶\u00a0" + n[2]);
      li.appendChild(make("br"));
      li.appendChild(snippet(n[5], query));
    });
    group("Claims collation", "claim", found.claims, function (li, c) {
      link(li, base + data.claims_page + "#claim-" + c[0], c[1]);
      li.appendChild(make("br"));
      li.appendChild(snippet(c[2], query));
    });
    group("Timeline", "event", found.events, function (li, e) {
      link(li, base + data.timeline_page + "#" + e[0], e[1]);
      li.appendChild(make("br"));
      li.appendChild(snippet(e[2], query));
    });
    group("Other pages", "page", found.pages, function (li, p) {
      link(li, base + p[0], p[1]);
      li.appendChild(make("br"));
      li.appendChild(snippet(p[2], query));
    });
  }

  function counted(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function run() {
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").slice(0, MAX_QUERY);
    var source = params.get("source") || "";
    input.value = query;
    if (sourceSelect) sourceSelect.value = source;
    results.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    var terms = words(query);
    if (!terms.length || terms.join("").length < 2) {
      status.textContent = "Type at least two letters or digits.";
      return;
    }
    status.textContent = "Searching…";
    load().then(function (data) {
      var parsed = parse(query, data);
      if (!parsed.groups.length) { status.textContent = "Type at least two letters or digits."; return; }
      if (sourceSelect && source && !data.sources.some(function (s) { return s.slug === source; })) source = "";
      var found = search(parsed, data, source);
      show(found, parsed, data);
      var total = found.passages.length + found.entries.length + found.notes.length +
        found.claims.length + found.events.length + found.pages.length;
      status.textContent = total ? "Found " + [
        counted(found.entries.length, "register entry", "register entries"),
        counted(found.passages.length, "passage", "passages"),
        counted(found.notes.length, "note", "notes"),
        counted(found.claims.length, "claims row", "claims rows"),
        counted(found.events.length, "timeline event", "timeline events"),
        counted(found.pages.length, "section of another page", "sections of other pages")
      ].filter(function (text) { return text.charAt(0) !== "0"; }).join(", ") + "."
        : "Nothing found for “" + query + "”.";
      if (window.editionSearchTiming) window.editionSearchTiming.shown = performance.now();
      window.editionSearchDone = true;
    }).catch(function () {
      status.textContent = "The search index could not be loaded.";
    });
  }
  if (sourceSelect) sourceSelect.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  run();
})();
