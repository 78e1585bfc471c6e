/* A passage reached from the search or the register (loaded by edition.js only then): the words
   searched for, or the mentions of the register entry followed, are marked in it. search.js adds
   ?entry=ID or ?words=w1|w2 w3 to its links; the register keeps its plain #passage links and
   leaves the entry in sessionStorage (apparatus.js). */
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
    "outline-offset: 1px; }";
  document.head.appendChild(style);
  function mark(element) { element.classList.add("edition-found"); }
  if (entry) {
    Array.prototype.forEach.call(passage.querySelectorAll("a.edition-mention"), function (link) {
      if (link.getAttribute("href").split("#")[1] === "term-" + entry) mark(link);
    });
  } else if (wanted) {
    var groups = wanted.slice(0, 400).split(" ").map(function (group) { return group.split("|"); });
    var MARKS = /[\u0300-\u036f]/g;
    var texts = [], walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".edition-note, .edition-marker, .edition-pnum")
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
})();
