/* The edition's reading interface: notes (show, hide, filter, open on narrow screens, set beside
   their passage on wide ones), "cite this passage / note", and previews of register entries.
   Everything works without this script (markers link to notes and back, passage numbers are
   permalinks, mentions link to the register); the script only adds to it. No dependencies. */
(function () {
  "use strict";
  var root = document.documentElement;
  var WIDE = window.matchMedia("(min-width: 82em)");
  function $all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }
  function make(tag, attrs, text) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { element.setAttribute(name, attrs[name]); });
    if (text) element.textContent = text;
    return element;
  }
  function json(id) {
    var block = document.getElementById(id);
    try { return block ? JSON.parse(block.textContent) : null; } catch (e) { return null; }
  }

  /* --- the reader's choices, kept across pages (notes shown, note types, names marked) -------- */
  var STORE = "edition-reading";
  var choices = (function () {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  })();
  choices.hiddenTypes = choices.hiddenTypes || {};
  function remember() {
    try { window.localStorage.setItem(STORE, JSON.stringify(choices)); } catch (e) { /* private mode */ }
  }
  root.classList.add("edition-js");
  root.classList.toggle("edition-names-shown", !!choices.names);

  /* --- print: the folded record, head-note and declarations are printed open ----------------- */
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = $all("details.edition-front:not([open])");
    folded.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (details) { details.open = false; });
  });

  /* --- the header: go to a passage by its number ------------------------------------------------ */
  $all("form.edition-goto").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input");
      var match = /^\s*¶?\s*(\d{1,3})([a-z]?)\s*$/.exec(input.value);
      var id = match && form.getAttribute("data-slug") + "-p" + ("00" + match[1]).slice(-3) + match[2];
      var target = id && document.getElementById(id);
      input.setCustomValidity(target ? "" : "No passage with that number on this page");
      if (!target) { input.reportValidity(); return; }
      window.location.hash = id;
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    });
    form.querySelector("input").addEventListener("input", function (event) {
      event.target.setCustomValidity("");
    });
  });

  /* --- notes: the toolbar ------------------------------------------------------------------ */
  var notes = $all(".edition-note, .edition-overview-item");
  var sidenotes = $all(".edition-note");
  function noteType(element) {
    return element.getAttribute("data-type") ||
      (element.className.match(/edition-type-([\w-]+)/) || [])[1];
  }
  function applyChoices() {
    root.classList.toggle("edition-notes-hidden", !!choices.notesHidden);
    root.classList.toggle("edition-names-shown", !!choices.names);
    notes.concat($all(".edition-marker")).forEach(function (element) {
      element.classList.toggle("edition-filtered", !!choices.hiddenTypes[noteType(element)]);
    });
    /* a hidden type takes its marks with it, never the words (edition.css) */
    $all("mark.edition-quote").forEach(function (mark) {
      var note = document.getElementById(mark.getAttribute("data-annotation"));
      mark.classList.toggle("edition-filtered", !!(note && choices.hiddenTypes[noteType(note)]));
    });
    /* quiet names are plain text: out of the tab order too */
    $all("a.edition-mention").forEach(function (link) {
      if (choices.names) link.removeAttribute("tabindex"); else link.setAttribute("tabindex", "-1");
    });
    var shown = notes.filter(function (note) { return !note.classList.contains("edition-filtered"); });
    $all(".edition-notes-count").forEach(function (count) {
      count.textContent = choices.notesHidden ? "" : shown.length === notes.length
        ? notes.length + " notes" : shown.length + " of " + notes.length + " notes";
    });
    layoutSidenotes();
  }
  var main = document.querySelector("[role=main] section") || document.querySelector("[role=main]");
  if (notes.length && main) {
    var types = [];
    notes.forEach(function (note) {
      var type = noteType(note);
      note.setAttribute("data-type", type);
      if (types.indexOf(type) < 0) types.push(type);
    });
    var bar = make("div", { "class": "edition-notes-bar", role: "group", "aria-label": "Reading options" });
    var toggle = make("button", { type: "button", "class": "edition-notes-toggle" });
    function label() {
      toggle.setAttribute("aria-pressed", String(!choices.notesHidden));
      toggle.textContent = choices.notesHidden ? "Notes hidden" : "Notes shown";
    }
    toggle.addEventListener("click", function () {
      choices.notesHidden = !choices.notesHidden;
      remember(); label(); applyChoices();
    });
    label();
    bar.appendChild(toggle);
    /* the types, folded into one control so that the bar keeps to one line on a phone */
    var filter = make("details", { "class": "edition-type-menu" });
    filter.appendChild(make("summary", {}, "Note types ▾"));
    var list = make("div", { "class": "edition-type-list", role: "group", "aria-label": "Note types shown" });
    types.sort().forEach(function (type) {
      var box = make("input", { type: "checkbox", value: type, "class": "edition-type-filter" });
      var item = make("label", { "class": "edition-type-" + type });
      box.checked = !choices.hiddenTypes[type];
      box.addEventListener("change", function () {
        choices.hiddenTypes[type] = !box.checked;
        remember(); applyChoices();
      });
      item.appendChild(box);
      item.appendChild(document.createTextNode(" " + type));
      list.appendChild(item);
    });
    filter.appendChild(list);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && filter.open) {
        filter.open = false;
        filter.querySelector("summary").focus();
        event.stopPropagation();
      }
    });
    bar.appendChild(filter);
    bar.appendChild(make("span", { "class": "edition-notes-count", "aria-live": "polite" }));
    if (document.querySelector("a.edition-mention")) {
      var names = make("button", { type: "button", "class": "edition-names-toggle" }, "Show names");
      names.setAttribute("aria-pressed", String(!!choices.names));
      names.addEventListener("click", function () {
        choices.names = !choices.names;
        names.setAttribute("aria-pressed", String(choices.names));
        remember(); applyChoices();
      });
      bar.appendChild(names);
    }
    var after = main.querySelector(".edition-front") || main.children[0];
    main.insertBefore(bar, after ? after.nextSibling : null);
  }

  /* --- notes: the words a note is on are highlighted while its marker or the note is pointed at
     or focused ------------------------------------------------------------------------------ */
  function highlight(event) {
    var from = event.target.closest && event.target.closest(".edition-marker, .edition-note");
    if (!from) return;
    var id = from.classList.contains("edition-note") ? from.id : from.getAttribute("href").slice(1);
    var on = event.type === "mouseover" || event.type === "focusin";
    $all('mark.edition-quote[data-annotation="' + id + '"]').forEach(function (mark) {
      mark.classList.toggle("edition-active", on);
    });
  }
  ["mouseover", "mouseout", "focusin", "focusout"].forEach(function (type) {
    document.addEventListener(type, highlight);
  });

  /* --- notes: opened on demand (narrow screens; crowded notes on wide ones) --------------------- */
  var opener = null;
  function markerOf(note) { return document.getElementById("ref-" + note.id); }
  function closeNote(note) {
    note.classList.remove("edition-open");
    if (WIDE.matches) layoutSidenotes();  /* back to its place beside the text */
    var marker = markerOf(note);
    if (marker) marker.setAttribute("aria-expanded", "false");
    if (opener) { opener.focus(); opener = null; }
  }
  function openNote(note, from) {
    sidenotes.forEach(function (other) { if (other !== note) other.classList.remove("edition-open"); });
    note.classList.add("edition-open");
    note.style.top = "";  /* over the foot of the screen, not at its place beside the text */
    var marker = markerOf(note);
    if (marker) marker.setAttribute("aria-expanded", "true");
    opener = from || marker;
    note.focus({ preventScroll: true });
  }
  sidenotes.forEach(function (note) {
    note.setAttribute("tabindex", "-1");
    var head = note.querySelector(".edition-note-head");
    if (!head) return;
    var more = make("button", { type: "button", "class": "edition-note-more",
                                "aria-label": "Read all of " + note.getAttribute("aria-label") }, "more");
    more.addEventListener("click", function () { openNote(note, more); });
    var close = make("button", { type: "button", "class": "edition-note-close",
                                  "aria-label": "Close " + note.getAttribute("aria-label") }, "×");
    close.addEventListener("click", function () { closeNote(note); });
    var cite = make("button", { type: "button", "class": "edition-cite-button" }, "Cite");
    cite.addEventListener("click", function () { citeNote(note, cite); });
    head.appendChild(more);
    head.appendChild(cite);
    head.appendChild(close);
  });
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest(".edition-marker");
    if (!marker) return;
    var note = document.getElementById(marker.getAttribute("href").slice(1));
    if (!note) return;
    event.preventDefault();  /* the page stays where it is; the address names the note */
    if (window.history.replaceState) window.history.replaceState(null, "", "#" + note.id);
    if (WIDE.matches && !note.classList.contains("edition-folded") &&
        !note.classList.contains("edition-short") && !note.classList.contains("edition-open")) {
      /* beside the text, level with the marker: marked and focused where it is (the link's
         jump scrolled it to the top of the screen) */
      sidenotes.forEach(function (other) { other.classList.toggle("edition-followed", other === note); });
      note.focus({ preventScroll: true });
      return;
    }
    if (note.classList.contains("edition-open")) { closeNote(note); return; }
    openNote(note, marker);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    hidePreview();
    var menu = document.querySelector("details.edition-menu[open]");
    if (menu) { menu.open = false; menu.querySelector("summary").focus(); return; }
    var open = document.querySelector(".edition-note.edition-open");
    if (open) { closeNote(open); return; }
    /* Esc in a note beside the text: back to its marker */
    var inside = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest(".edition-note");
    if (inside) {
      var marker = markerOf(inside);
      if (marker) marker.focus();
    }
  });

  /* --- notes: beside their marker's line on wide screens ---------------------------------------
     Each note starts level with its marker, or just below the note before. Where that would put a
     note more than its own height below its marker, the notes before it show a first line only,
     and a note that still cannot come near its marker is folded. Such a note opens whole over the
     foot of the screen (its "more", or its marker), and no other note moves or folds for it.
     Notes never overlap and keep the order of the markers. */
  var GAP = 6;
  function layoutSidenotes() {
    var body = document.querySelector("div.body");
    sidenotes.forEach(function (note) {
      note.classList.remove("edition-short", "edition-folded");
      note.style.top = "";
    });
    if (!body || !WIDE.matches || root.classList.contains("edition-notes-hidden")) return;
    var origin = body.getBoundingClientRect().top;
    var items = [];
    sidenotes.forEach(function (note) {
      var marker = markerOf(note);
      if (!marker || note.classList.contains("edition-filtered") ||
          note.classList.contains("edition-open") || !marker.getClientRects().length) return;
      /* level with its marker's line, never above its passage's first line */
      var passage = document.getElementById(note.getAttribute("data-passage"));
      var at = Math.max(marker.getBoundingClientRect().top,
                        passage ? passage.getBoundingClientRect().top : -Infinity);
      items.push({ note: note, at: at - origin, full: note.offsetHeight });
    });
    items.forEach(function (item) { item.note.classList.add("edition-short"); });
    items.forEach(function (item) {
      item.short = Math.min(item.note.offsetHeight, item.full);
      item.note.classList.remove("edition-short");
    });
    items.sort(function (a, b) { return a.at - b.at; });
    var bottom = -Infinity;
    items.forEach(function (item, index) {
      var top = Math.max(item.at, bottom + GAP);
      var next = items[index + 1];
      var whole = !next || top + item.full + GAP <= next.at + next.short ||
        item.full <= item.short;
      var height = whole ? item.full : item.short;
      if (top - item.at > height) {
        item.note.classList.add("edition-folded");
        return;
      }
      item.note.classList.toggle("edition-short", !whole);
      item.note.style.top = top + "px";
      bottom = top + height;
    });
    root.classList.add("edition-placed");
  }
  /* --- arriving by a permalink: once the notes are placed and the fonts are in, the page goes
     (again) to the passage or note its address names, as the browser's first jump came before
     both. A note that is not beside the text (a narrow screen; folded, or hidden by the reader's
     choices) opens, its words in view above it. An id the page does not have is said so. ---- */
  var gotoForm = document.querySelector("form.edition-goto");
  function reveal(element) {  /* its top just below the sticky header */
    var header = document.querySelector(".edition-header");
    var below = header ? header.getBoundingClientRect().bottom : 0;
    window.scrollBy(0, element.getBoundingClientRect().top - below - 8);
  }
  function arrive() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!id || !target) { if (id && gotoForm) unknown(id); return; }
    if (!target.classList.contains("edition-note")) { reveal(target); return; }
    if (WIDE.matches && target.checkVisibility() && !target.classList.contains("edition-open") &&
        !target.classList.contains("edition-short")) {
      reveal(target);
      return;
    }
    var marker = markerOf(target);
    var words = marker && marker.getClientRects().length ? marker
      : document.getElementById(target.getAttribute("data-passage"));
    if (words) reveal(words);
    openNote(target, marker);
  }
  function unknown(id) {
    var old = document.querySelector(".edition-unknown");
    if (old) old.remove();
    var numbers = $all("a.edition-pnum").map(function (pnum) { return pnum.textContent.replace(/^¶\s*/, ""); });
    var notice = make("p", { "class": "edition-unknown", role: "alert" },
      "This page has no passage or note “" + id + "” (the link may be mistyped, or made for another " +
      "version of the edition). " + (numbers.length ? "Its passages are ¶\u00a0" + numbers[0] + "–" +
      numbers[numbers.length - 1] + ": type a number in “Go to ¶” above." : ""));
    var body = document.getElementById("edition-text");
    if (body) body.insertBefore(notice, body.firstChild);
    var input = gotoForm.querySelector("input");
    input.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { layoutSidenotes(); arrive(); });
  }
  window.addEventListener("hashchange", arrive);
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(layoutSidenotes);
  });

  /* --- cite this passage, cite this note -----------------------------------------------------
     The build renders the citations (citeproc-py) as HTML with slots for the numbers, a note's
     name (a003, from its id), the link (none without a public address) and the day. */
  var citation = json("edition-citation");
  var dialog = null;
  function fill(template, values) {
    values.accessed = new Date().toLocaleDateString("en-US", { dateStyle: "long" });
    return template.replace(/\{(note|passage|url|accessed)\}/g, function (slot, name) {
      return String(values[name]).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    });
  }
  function permalink(id) {
    return (citation.url || window.location.href.split("#")[0]) + "#" + id;
  }
  function copy(element, status) {
    var clip = navigator.clipboard, plain = element.textContent;
    function done(ok) { status.textContent = ok ? "Copied." : "Select the text and copy it."; }
    function plainOnly() {
      if (clip && clip.writeText) clip.writeText(plain).then(function () { done(true); }, function () { done(false); });
      else done(false);
    }
    if (!clip || !clip.write || !window.ClipboardItem) return plainOnly();
    clip.write([new ClipboardItem({
      "text/html": new Blob([element.innerHTML], { type: "text/html" }),
      "text/plain": new Blob([plain], { type: "text/plain" })
    })]).then(function () { done(true); }, plainOnly);
  }
  /* a passage's review: a fold after the passage (hidden when scripts run), copied here */
  function reviewOf(passageId) {
    var fold = document.querySelector('details.edition-review[data-passage="' + passageId + '"]');
    if (!fold) return null;
    var part = make("section", { "class": "edition-cite-review", "aria-labelledby": "edition-review-title" });
    part.appendChild(make("h3", { id: "edition-review-title" }, fold.querySelector("summary").textContent));
    $all("summary ~ *", fold).forEach(function (child) { part.appendChild(child.cloneNode(true)); });
    /* a link to a note or a row of the apparatus leaves the dialog */
    part.addEventListener("click", function (event) {
      if (event.target.closest("a") && dialog) { dialog.returnTo = null; dialog.close(); }
    });
    return part;
  }
  function openCitation(heading, kind, values, itemId, returnTo, review) {
    if (!dialog) {
      dialog = make("dialog", { "class": "edition-cite", "aria-labelledby": "edition-cite-title" });
      document.body.appendChild(dialog);
      dialog.addEventListener("close", function () { if (dialog.returnTo) dialog.returnTo.focus(); });
    }
    dialog.returnTo = returnTo;
    dialog.textContent = "";
    var head = make("div", { "class": "edition-cite-head" });
    head.appendChild(make("h2", { id: "edition-cite-title" }, heading));
    var close = make("button", { type: "button", "class": "edition-cite-close" }, "Close");
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(close);
    dialog.appendChild(head);
    if (review) dialog.appendChild(review);
    var status = make("p", { role: "status", "class": "edition-cite-status" });
    citation.styles.forEach(function (style) {
      var block = make("div", { "class": "edition-cite-style" });
      block.appendChild(make("h3", {}, style[1]));
      var text = make("p", { "class": "edition-cite-text", "data-style": style[0] });
      text.innerHTML = fill(citation[kind][style[0]], values);  /* escaped by the build */
      var button = make("button", { type: "button" }, "Copy " + style[1]);
      button.addEventListener("click", function () { copy(text, status); });
      block.appendChild(text);
      block.appendChild(button);
      dialog.appendChild(block);
    });
    var link = make("p", { "class": "edition-cite-permalink" }, "Permalink: ");
    link.appendChild(make("a", { href: values.url }, values.url));
    if (!citation.url) link.appendChild(document.createTextNode(
      " (a local link: this copy of the edition was built without its public address)"));
    var files = make("p", { "class": "edition-cite-files" }, "Download the record: ");
    Object.keys(citation.formats).forEach(function (suffix, number) {
      if (number) files.appendChild(document.createTextNode(" · "));
      files.appendChild(make("a", { href: citation.items + itemId + suffix, download: "" },
                             citation.formats[suffix]));
    });
    [link, files, status].forEach(function (part) { dialog.appendChild(part); });
    if (kind === "passage") dialog.appendChild(forContributors(itemId));
    dialog.showModal();
  }
  /* For contributors: the passage's id, and for the words last selected in it the command that
     prints a note ready to paste (nox -s note: the next free id, :prefix:/:suffix: if needed). */
  var selected = null;
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    var range = selection.getRangeAt(0), start = range.startContainer;
    var passage = (start.nodeType === 1 ? start : start.parentElement).closest("[id]");
    while (passage && !document.querySelector('a.edition-pnum[href="#' + passage.id + '"]'))
      passage = passage.parentElement && passage.parentElement.closest("[id]");
    if (!passage || !passage.contains(range.endContainer)) return;
    var words = range.cloneContents();
    $all(".edition-marker, .edition-note, .edition-pnum", words).forEach(function (part) { part.remove(); });
    words = words.textContent.replace(/\s+/g, " ").trim();
    if (words) selected = { passage: passage.id, words: words };
  });
  function forContributors(passageId) {
    var part = make("p", { "class": "edition-cite-contribute" }, "For contributors: this passage is ");
    part.appendChild(make("code", {}, passageId));
    if (selected && selected.passage === passageId) {
      part.appendChild(document.createTextNode("; a note on the words you selected: "));
      part.appendChild(make("code", {}, "nox -s note -- " + passageId + ' "' +
                            selected.words.replace(/(["\\$`])/g, "\\$1") + '"'));
    } else {
      part.appendChild(document.createTextNode(" (select words in it, then open this again, " +
                                               "for the command that writes a note on them)."));
    }
    return part;
  }
  function passageNumber(passageId) {
    var passage = document.getElementById(passageId);
    var number = passage && passage.querySelector(".edition-pnum");
    return number ? number.textContent.replace(/^¶\s*/, "") : passageId.replace(/^.*-p0*/, "");
  }
  function citeNote(note, button) {
    if (!citation) return;
    var number = note.getAttribute("aria-label").replace(/^Note /, "");
    var passage = passageNumber(note.getAttribute("data-passage"));
    var name = note.id.replace(/^.*-/, "");  /* edition.core.ids.note_label */
    openCitation("Cite note\u00a0" + number + " (" + name + ") on ¶\u00a0" + passage, "note", {
      note: name, passage: passage, url: permalink(note.id)
    }, note.id, button);
  }
  if (citation) {
    document.addEventListener("click", function (event) {
      var number = event.target.closest && event.target.closest("a.edition-pnum");
      if (!number || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      var id = number.getAttribute("href").slice(1);
      if (window.history.replaceState) window.history.replaceState(null, "", "#" + id);
      var review = reviewOf(id);
      openCitation((review ? "¶\u00a0" : "Cite ¶\u00a0") + passageNumber(id) + " of " + citation.title +
                   (review ? ": review and citation" : ""), "passage",
                   { passage: passageNumber(id), url: permalink(id) }, id, number, review);
    });
    $all("a.edition-pnum").forEach(function (number) {
      number.setAttribute("aria-haspopup", "dialog");
      var reviewed = document.querySelector('details.edition-review[data-passage="' +
                                            number.getAttribute("href").slice(1) + '"]');
      number.setAttribute("aria-label", "Passage " + number.textContent.replace(/^¶\s*/, "") +
                          (reviewed ? ": review, permalink and citation" : ": permalink and citation"));
    });
  }

  /* --- previews of register entries, on hover and on keyboard focus ---------------------------- */
  var previews = json("edition-previews");
  /* [label, address] of an entry's identifiers in authority files (Wikidata, VIAF, GND,
     GeoNames): linked under the preview's text; only addresses of those files are made links */
  var authorities = json("edition-preview-authorities") || {};
  var AUTHORITY = /^https:\/\/(www\.wikidata\.org\/wiki\/|viaf\.org\/viaf\/|d-nb\.info\/gnd\/|www\.geonames\.org\/)[0-9A-Z-]+$/;
  var tip = null, shownFor = null, hideTimer = 0;
  function showPreview(link) {
    var key = link.getAttribute("href").split("#")[1] || "";
    var text = previews[key];
    if (!text) return;
    clearTimeout(hideTimer);
    if (!tip) {
      tip = make("div", { id: "edition-preview", role: "tooltip", "class": "edition-preview" });
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { hidePreview(150); });
      document.body.appendChild(tip);
    }
    if (shownFor && shownFor !== link) shownFor.removeAttribute("aria-describedby");
    shownFor = link;
    tip.textContent = text;
    var records = (authorities[key] || []).filter(function (record) {
      return AUTHORITY.test(record[1]);
    });
    if (records.length) {
      var line = make("span", { "class": "edition-preview-authorities" });
      records.forEach(function (record, number) {
        if (number) line.appendChild(document.createTextNode(" · "));
        var anchor = make("a", { href: record[1], rel: "noopener noreferrer" });
        anchor.textContent = record[0];
        line.appendChild(anchor);
      });
      tip.appendChild(line);
    }
    tip.hidden = false;
    link.setAttribute("aria-describedby", "edition-preview");
    var box = link.getBoundingClientRect();
    var left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 4 + "px";
  }
  function hidePreview(delay) {
    function hide() {
      if (tip) tip.hidden = true;
      if (shownFor) shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }
    clearTimeout(hideTimer);
    /* a short delay lets the pointer move onto the preview without losing it */
    if (delay) hideTimer = setTimeout(hide, delay); else hide();
  }
  if (previews) {
    ["mouseover", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var link = event.target.closest && event.target.closest("a.edition-mention");
        if (link && choices.names) showPreview(link);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (event.target.closest && event.target.closest("a.edition-mention")) hidePreview(150);
      });
    });
  }
  applyChoices();
})();

/* A passage reached from the search or the register: found.js (loaded only then) marks the words
   searched for, or the mentions of the register entry followed, in the passage. */
(function () {
  "use strict";
  var wanted = /[?&](entry|words)=/.test(window.location.search);
  try { wanted = wanted || !!window.sessionStorage.getItem("edition-mention"); } catch (e) { /* none */ }
  var self = document.currentScript;
  if (!wanted || !window.location.hash || !self) return;
  var script = document.createElement("script");
  script.src = self.src.replace(/edition\.js(\?.*)?$/, "found.js");
  document.head.appendChild(script);
})();
