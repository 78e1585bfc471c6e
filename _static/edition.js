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

  /* --- notes: the toolbar ------------------------------------------------------------------ */
  var notes = $all(".edition-note, .edition-overview-item");
  var sidenotes = $all(".edition-note");
  if (notes.length) {
    var types = [];
    notes.forEach(function (note) {
      var type = note.getAttribute("data-type") ||
        (note.className.match(/edition-type-([\w-]+)/) || [])[1];
      note.setAttribute("data-type", type);
      if (types.indexOf(type) < 0) types.push(type);
    });
    var bar = make("div", { "class": "edition-notes-bar", role: "group", "aria-label": "Editors' notes" });
    var toggle = make("button", { type: "button", "class": "edition-notes-toggle", "aria-pressed": "true" },
                      "Notes shown");
    toggle.addEventListener("click", function () {
      var hidden = root.classList.toggle("edition-notes-hidden");
      toggle.setAttribute("aria-pressed", String(!hidden));
      toggle.textContent = hidden ? "Notes hidden" : "Notes shown";
      alignSidenotes();
    });
    bar.appendChild(toggle);
    var hiddenTypes = {};
    types.sort().forEach(function (type) {
      var label = make("label");
      var box = make("input", { type: "checkbox", value: type });
      box.checked = true;
      box.addEventListener("change", function () {
        hiddenTypes[type] = !box.checked;
        notes.forEach(function (note) {
          note.classList.toggle("edition-filtered", !!hiddenTypes[note.getAttribute("data-type")]);
        });
        $all(".edition-marker").forEach(function (marker) {
          var markerType = (marker.className.match(/edition-type-([\w-]+)/) || [])[1];
          marker.classList.toggle("edition-filtered", !!hiddenTypes[markerType]);
        });
        alignSidenotes();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + type));
      bar.appendChild(label);
    });
    var main = document.querySelector("[role=main] section") || document.querySelector("[role=main]");
    if (main) main.insertBefore(bar, main.children[1] || null);
  }

  /* --- notes: opened over the text on narrow screens (nothing below them moves) ----------------- */
  var opener = null;
  function closeNote(note) {
    note.classList.remove("edition-open");
    var marker = document.getElementById("ref-" + note.id);
    if (marker) marker.setAttribute("aria-expanded", "false");
    if (opener) { opener.focus(); opener = null; }
  }
  sidenotes.forEach(function (note) {
    note.setAttribute("tabindex", "-1");
    var head = note.querySelector(".edition-note-head");
    if (!head) return;
    var close = make("button", { type: "button", "class": "edition-note-close",
                                  "aria-label": "Close note " + note.getAttribute("aria-label").replace(/^Note /, "") }, "×");
    close.addEventListener("click", function () { closeNote(note); });
    var cite = make("button", { type: "button", "class": "edition-cite-button" }, "Cite");
    cite.addEventListener("click", function () { citeNote(note, cite); });
    head.appendChild(cite);
    head.appendChild(close);
  });
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest(".edition-marker");
    if (!marker || WIDE.matches) return;
    var note = document.getElementById(marker.getAttribute("href").slice(1));
    if (!note) return;
    event.preventDefault();
    sidenotes.forEach(function (other) { if (other !== note) other.classList.remove("edition-open"); });
    if (note.classList.toggle("edition-open")) {
      marker.setAttribute("aria-expanded", "true");
      opener = marker;
      note.focus({ preventScroll: true });
    } else {
      closeNote(note);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    hidePreview();
    var open = document.querySelector(".edition-note.edition-open");
    if (open) closeNote(open);
  });

  /* --- notes: beside their passage's first line on wide screens -------------------------------- */
  function alignSidenotes() {
    var previousBottom = -Infinity;
    sidenotes.forEach(function (note) { note.style.marginTop = ""; });
    if (!WIDE.matches) return;
    sidenotes.forEach(function (note) {
      var passage = document.getElementById(note.getAttribute("data-passage"));
      if (!passage || note.closest("table") || note.offsetParent === null) return;
      var top = note.getBoundingClientRect().top;
      var wanted = Math.max(passage.getBoundingClientRect().top, previousBottom + 8);
      if (wanted < top) note.style.marginTop = (wanted - top) + "px";
      previousBottom = note.getBoundingClientRect().bottom;
    });
  }
  alignSidenotes();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(alignSidenotes);
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(alignSidenotes);
  });

  /* --- cite this passage, cite this note -----------------------------------------------------
     The citations come rendered by the build (citeproc-py, CSL styles) as HTML templates with
     slots: the script fills in the numbers and the link. Copy gives rich and plain text. */
  var citation = json("edition-citation");
  var dialog = null;
  function fill(template, values) {
    return template.replace(/\{(note|passage|url)\}/g, function (slot, name) {
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
  function openCitation(heading, kind, values, itemId, returnTo) {
    if (!dialog) {
      dialog = make("dialog", { "class": "edition-cite", "aria-labelledby": "edition-cite-title" });
      document.body.appendChild(dialog);
      dialog.addEventListener("close", function () { if (dialog.returnTo) dialog.returnTo.focus(); });
    }
    dialog.returnTo = returnTo;
    dialog.textContent = "";
    dialog.appendChild(make("h2", { id: "edition-cite-title" }, heading));
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
    var close = make("button", { type: "button", "class": "edition-cite-close" }, "Close");
    close.addEventListener("click", function () { dialog.close(); });
    [link, files, status, close].forEach(function (part) { dialog.appendChild(part); });
    dialog.showModal();
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
    openCitation("Cite note " + number + " on ¶ " + passage, "note", {
      note: number, passage: passage, url: permalink(note.id)
    }, note.id, button);
  }
  if (citation) {
    document.addEventListener("click", function (event) {
      var number = event.target.closest && event.target.closest("a.edition-pnum");
      if (!number || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      var id = number.getAttribute("href").slice(1);
      if (window.history.replaceState) window.history.replaceState(null, "", "#" + id);
      openCitation("Cite ¶ " + passageNumber(id) + " of " + citation.title, "passage",
                   { passage: passageNumber(id), url: permalink(id) }, id, number);
    });
    $all("a.edition-pnum").forEach(function (number) {
      number.setAttribute("aria-haspopup", "dialog");
      number.setAttribute("aria-label", "Passage " + number.textContent.replace(/^¶\s*/, "") +
                          ": permalink and citation");
    });
  }

  /* --- previews of register entries, on hover and on keyboard focus ---------------------------- */
  var previews = json("edition-previews");
  var tip = null, shownFor = null, hideTimer = 0;
  function showPreview(link) {
    var text = previews[(link.getAttribute("href").split("#")[1] || "")];
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
        if (link) showPreview(link);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (event.target.closest && event.target.closest("a.edition-mention")) hidePreview(150);
      });
    });
  }
})();
