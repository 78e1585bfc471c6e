/* The edition's reading interface: show, hide and filter the editors' notes.
   Everything works without this script (markers link to notes, notes link back, :target shows a
   note on narrow screens); the script only adds the controls. No dependencies. */
(function () {
  "use strict";
  var notes = Array.prototype.slice.call(document.querySelectorAll(".edition-note, .edition-overview-item"));
  if (!notes.length) return;
  var root = document.documentElement;
  var types = [];
  notes.forEach(function (note) {
    var type = note.getAttribute("data-type") ||
      (note.className.match(/edition-type-([\w-]+)/) || [])[1];
    note.setAttribute("data-type", type);
    if (types.indexOf(type) < 0) types.push(type);
  });

  var bar = document.createElement("div");
  bar.className = "edition-notes-bar";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Editors' notes");
  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "edition-notes-toggle";
  toggle.setAttribute("aria-pressed", "true");
  toggle.textContent = "Notes shown";
  toggle.addEventListener("click", function () {
    var hidden = root.classList.toggle("edition-notes-hidden");
    toggle.setAttribute("aria-pressed", String(!hidden));
    toggle.textContent = hidden ? "Notes hidden" : "Notes shown";
  });
  bar.appendChild(toggle);

  var hiddenTypes = {};
  function applyFilter() {
    notes.forEach(function (note) {
      note.classList.toggle("edition-filtered", !!hiddenTypes[note.getAttribute("data-type")]);
    });
    document.querySelectorAll(".edition-marker").forEach(function (marker) {
      var type = (marker.className.match(/edition-type-([\w-]+)/) || [])[1];
      marker.classList.toggle("edition-filtered", !!hiddenTypes[type]);
    });
  }
  types.sort().forEach(function (type) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = type;
    box.addEventListener("change", function () {
      hiddenTypes[type] = !box.checked;
      applyFilter();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + type));
    bar.appendChild(label);
  });
  var main = document.querySelector("[role=main] section") || document.querySelector("[role=main]");
  if (main) main.insertBefore(bar, main.children[1] || null);

  /* On narrow screens a marker opens its note in place instead of jumping to it. */
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest(".edition-marker");
    if (!marker || window.matchMedia("(min-width: 82em)").matches) return;
    var note = document.getElementById(marker.getAttribute("href").slice(1));
    if (!note) return;
    event.preventDefault();
    var open = note.classList.toggle("edition-open");
    marker.setAttribute("aria-expanded", String(open));
    if (open) note.focus({ preventScroll: true });
  });
  document.querySelectorAll(".edition-note").forEach(function (note) {
    note.setAttribute("tabindex", "-1");
  });
})();
