/* The edition as a publication (exports/publication.py): on an older version, the link to the
   latest version keeps the place read (the passage or note in the address); on the 404 page, the
   box goes to a passage of any source by its id or its source and number. No framework. */
(function () {
  "use strict";
  document.querySelectorAll("a.edition-same-place").forEach(function (link) {
    link.addEventListener("click", function () {
      if (window.location.hash) { link.href = link.href.split("#")[0] + window.location.hash; }
    });
  });
  var form = document.querySelector("form.edition-goto-any");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var select = form.querySelector("select"), input = form.querySelector("input");
    var match = /^\s*¶?\s*(\d{1,3})([a-z]?)\s*$/.exec(input.value);
    input.setCustomValidity(match ? "" : "Give a passage number, e.g. 12");
    if (!match) { input.reportValidity(); return; }
    var option = select.options[select.selectedIndex];
    window.location.href = option.value + "#" + option.getAttribute("data-slug") + "-p" +
      ("00" + match[1]).slice(-3) + match[2];
  });
  form.querySelector("input").addEventListener("input", function (event) {
    event.target.setCustomValidity("");
  });
})();
