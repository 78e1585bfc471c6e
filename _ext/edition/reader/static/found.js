/* A passage reached from the search or the register (loaded by edition.js only then): the words
   searched for, or the mentions of the register entry followed, are marked in it and everywhere
   else in the page's reading text (not in the notes, whose own results the search lists), and a bar at the foot of the window counts them and steps
   to the previous and next one (it starts at the passage reached). search.js adds ?entry=ID or
   ?words=w1|w2 w3 to its links; the register keeps its plain #passage links and leaves the
   entry in sessionStorage (apparatus.js). */
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  var passage = id && document.getElementById(id);
  if (!passage) return;
  var params = new URLSearchParams(window.location.search);
  var entry = params.get("entry"), wanted = params.get("words");
  try {
    var stored = JSON.parse(window.sessionStorage.getItem("edition-mention") || "null");
    window.sessionStorage.removeItem("edition-mention");
    if (!entry && stored && stored.passage === id) entry = stored.entry;
  } catch (e) { /* no storage: nothing to mark */ }
  var style = document.createElement("style");
  style.textContent = ".edition-found { background: var(--ed-quote); outline: 2px solid var(--ed-accent); " +
    "outline-offset: 1px; } .edition-found-current { outline-width: 3px; } .edition-found-bar { " +
    "position: fixed; bottom: .75rem; left: 50%; transform: translateX(-50%); z-index: 30; " +
    "display: flex; gap: .5rem; align-items: center; padding: .35rem .6rem; border-radius: 6px; " +
    "background: var(--ed-bg, #fff); color: inherit; border: 1px solid var(--ed-accent); " +
    "box-shadow: 0 2px 8px rgba(0,0,0,.2); font-size: .9rem; white-space: nowrap; } .edition-found-bar button { " +
    "min-width: 44px; min-height: 32px; font: inherit; cursor: pointer; } @media print { " +
    ".edition-found-bar { display: none; } }";
  document.head.appendChild(style);
  var scope = document.querySelector('[role="main"]') || document.body;
  function mark(element) { element.classList.add("edition-found"); }
  if (entry) {
    Array.prototype.forEach.call(scope.querySelectorAll("a.edition-mention"), function (link) {
      if (link.closest(".edition-note, .edition-editorial")) return;
      if (link.getAttribute("href").split("#")[1] === "term-" + entry) mark(link);
    });
  } else if (wanted) {
    var groups = wanted.slice(0, 400).split(" ").map(function (group) { return group.split("|"); });
    var MARKS = /[\u0300-\u036f]/g;
    var texts = [], walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".edition-note, .edition-marker, .edition-pnum, " +
          ".edition-editorial, script, style")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(function (node) {
      var text = node.data, folded = "", map = [];
      for (var i = 0; i < text.length; i++) {
        var f = text[i].normalize("NFD").replace(MARKS, "").toLowerCase();
        for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
      }
      map.push(text.length);
      var spans = [];
      groups.forEach(function (group) {
        group.forEach(function (phrase) {
          for (var at = folded.indexOf(phrase); phrase && at >= 0; at = folded.indexOf(phrase, at + 1)) {
            if (at === 0 || !/[\p{L}\p{N}]/u.test(folded[at - 1])) spans.push([map[at], map[at + phrase.length]]);
          }
        });
      });
      spans.sort(function (a, b) { return b[0] - a[0]; });
      var last = Infinity;
      spans.forEach(function (span) {
        if (span[1] > last) return;
        var piece = node.splitText(span[0]);
        piece.splitText(span[1] - span[0]);
        var found = document.createElement("mark");
        found.className = "edition-found";
        piece.parentNode.replaceChild(found, piece);
        found.appendChild(piece);
        last = span[0];
      });
    });
  }
  var found = Array.prototype.slice.call(scope.querySelectorAll(".edition-found"));
  if (!found.length) return;
  var at = Math.max(0, found.findIndex(function (m) { return passage.contains(m); }));
  var bar = document.createElement("div"), count = document.createElement("span");
  bar.className = "edition-found-bar";
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "Found on this page");
  count.setAttribute("aria-live", "polite");
  function button(label, text, step) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", step);
    return b;
  }
  function show(index, scroll) {
    found[at].classList.remove("edition-found-current");
    at = (index + found.length) % found.length;
    found[at].classList.add("edition-found-current");
    count.textContent = (at + 1) + " of " + found.length + " found";
    if (scroll) found[at].scrollIntoView({ block: "center" });
  }
  function step(direction) {  // to the next mark a reader can see (a closed note's are not)
    for (var i = 1; i <= found.length; i++) {
      var index = (at + direction * i + found.length * i) % found.length;
      if (found[index].getClientRects().length) return show(index, true);
    }
  }
  bar.appendChild(button("Previous", "‹", function () { step(-1); }));
  bar.appendChild(count);
  bar.appendChild(button("Next", "›", function () { step(1); }));
  bar.appendChild(button("Clear the marks", "×", function () {
    found.forEach(function (m) { m.classList.remove("edition-found", "edition-found-current"); });
    bar.remove();
  }));
  document.body.appendChild(bar);
  show(at, false);
})();
