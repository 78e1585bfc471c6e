/* The apparatus pages: filters on the register (by kind), the timeline (by source, by
   "disputed", by years) and the claims collation; a mention followed from the register is
   marked in its passage (edition.js reads what is left here in sessionStorage). Without this
   script every entry, event and row is shown. No dependencies. */
(function () {
  "use strict";
  function $all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }
  function make(tag, attrs, text) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { element.setAttribute(name, attrs[name]); });
    if (text) element.textContent = text;
    return element;
  }

  /* --- the register ----------------------------------------------------------------------- */
  var az = document.querySelector(".edition-register-az");
  if (az) {
    var KINDS = [["person", "Persons"], ["place", "Places"], ["organisation", "Organisations"],
                 ["event", "Events"], ["concept", "Concepts"]];
    var items = $all("dl.edition-register > dt");
    var shown = {};
    var bar = make("div", { "class": "edition-register-filters", role: "group",
                            "aria-label": "Show register entries of these kinds" });
    bar.appendChild(make("span", {}, "Show:"));
    var count = make("p", { "class": "edition-register-count", role: "status" });
    KINDS.forEach(function (kind) {
      var n = items.filter(function (dt) { return dt.classList.contains("edition-kind-" + kind[0]); }).length;
      if (!n) return;
      shown[kind[0]] = true;
      var button = make("button", { type: "button", "aria-pressed": "true", "data-kind": kind[0] },
                        kind[1] + " (" + n + ")");
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(on));
        shown[kind[0]] = on;
        apply();
      });
      bar.appendChild(button);
    });
    az.parentNode.insertBefore(bar, az.nextSibling);
    bar.parentNode.insertBefore(count, bar.nextSibling);
    var apply = function () {
      var visible = 0;
      items.forEach(function (dt) {
        var kind = (dt.className.match(/edition-kind-(\w+)/) || [])[1];
        var hide = kind in shown && !shown[kind];
        dt.classList.toggle("edition-register-hidden", hide);
        var dd = dt.nextElementSibling;
        if (dd && dd.tagName === "DD") dd.classList.toggle("edition-register-hidden", hide);
        if (!hide) visible += 1;
      });
      $all("h2.edition-register-letter").forEach(function (heading) {
        var list = heading.nextElementSibling;
        var any = list && $all("dt", list).some(function (dt) { return !dt.classList.contains("edition-register-hidden"); });
        heading.classList.toggle("edition-register-hidden", !any);
        if (list) list.classList.toggle("edition-register-hidden", !any);
        var link = az.querySelector('a[href="#' + heading.id + '"]');
        if (link) link.parentNode.classList.toggle("edition-register-hidden", !any);
      });
      count.textContent = visible === items.length ? "" : visible + " of " + items.length + " entries shown.";
    };
    /* an entry reached by its anchor (or a variant's) opens its list of mentions */
    var openTarget = function () {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (!target) return;
      var dt = target.closest("dt") || (target.tagName === "DT" ? target : null);
      if (!dt) return;
      var kind = (dt.className.match(/edition-kind-(\w+)/) || [])[1];
      if (kind && !shown[kind]) {
        shown[kind] = true;
        var button = bar.querySelector('button[data-kind="' + kind + '"]');
        if (button) button.setAttribute("aria-pressed", "true");
        apply();
      }
      var details = dt.nextElementSibling && dt.nextElementSibling.querySelector("details.edition-register-mentions");
      if (details) details.open = true;
      if (target !== dt) dt.scrollIntoView();
    };
    openTarget();
    window.addEventListener("hashchange", openTarget);
    /* following a mention: its passage marks the entry's mentions */
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("details.edition-register-mentions a");
      if (!link) return;
      try {
        window.sessionStorage.setItem("edition-mention", JSON.stringify({
          entry: link.closest("details").getAttribute("data-entry"),
          passage: decodeURIComponent(link.getAttribute("href").split("#")[1] || "")
        }));
      } catch (e) { /* no storage: the passage is still reached */ }
    });
  }

  /* --- the timeline and the collation: filters ------------------------------------------ */
  var labels = 0;
  function labelled(text, control) {
    var wrap = make("span", { "class": "edition-filter" });
    control.id = control.id || "edition-filter-" + (++labels);
    wrap.appendChild(make("label", { "for": control.id }, text));
    wrap.appendChild(control);
    return wrap;
  }
  function classValues(elements, prefix) {
    var values = [];
    elements.forEach(function (element) {
      element.className.split(/\s+/).forEach(function (name) {
        if (name.indexOf(prefix) === 0 && values.indexOf(name.slice(prefix.length)) < 0) values.push(name.slice(prefix.length));
      });
    });
    return values;
  }
  function select(options, all) {
    var box = make("select");
    box.appendChild(make("option", { value: "" }, all));
    options.forEach(function (option) { box.appendChild(make("option", { value: option[0] }, option[1])); });
    return box;
  }
  function panel(name, controls, status) {
    var group = make("div", { "class": "edition-filters", role: "group", "aria-label": name });
    controls.forEach(function (control) { group.appendChild(control); });
    group.appendChild(status);
    return group;
  }

  /* the timeline: by source, by "disputed", by years */
  var table = document.querySelector("table.edition-timeline");
  if (table) {
    var rows = $all("tbody tr", table);
    var sources = classValues(rows, "edition-source-").sort();
    var years = classValues(rows, "edition-year-").map(Number).sort();
    var source = select(sources.map(function (s) { return [s, s]; }), "all sources");
    var disputed = make("input", { type: "checkbox" });
    var from = make("input", { type: "number", min: years[0], max: years[years.length - 1], value: years[0], step: 1 });
    var to = make("input", { type: "number", min: years[0], max: years[years.length - 1], value: years[years.length - 1], step: 1 });
    var status = make("span", { role: "status" });
    var filter = function () {
      var low = parseInt(from.value, 10) || years[0], high = parseInt(to.value, 10) || years[years.length - 1];
      var shown = 0;
      rows.forEach(function (row) {
        var year = parseInt((row.className.match(/edition-year-(\d+)/) || [])[1], 10);
        var hide = (source.value && !row.classList.contains("edition-source-" + source.value)) ||
          (disputed.checked && !row.classList.contains("edition-disputed-row")) ||
          year < low || year > high;
        row.classList.toggle("edition-filtered-out", !!hide);
        if (!hide) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " events shown.";
    };
    [source, disputed, from, to].forEach(function (control) {
      control.addEventListener("change", filter);
      control.addEventListener("input", filter);
    });
    table.parentNode.insertBefore(panel("Filter the timeline", [
      labelled("Source", source), labelled("Only where the sources differ", disputed),
      labelled("From", from), labelled("to", to)], status), table);
    filter();
  }

  /* the collation: by topic (a register entry the point names), by "the sources disagree" */
  var claims = $all(".edition-claim");
  var topicData = document.getElementById("edition-claim-topics");
  if (claims.length) {
    var names = {};
    try { names = topicData ? JSON.parse(topicData.textContent) : {}; } catch (e) { names = {}; }
    var topic = select(Object.keys(names).sort(function (a, b) { return names[a].localeCompare(names[b]); })
      .map(function (id) { return [id, names[id]]; }), "all topics");
    var disagree = make("input", { type: "checkbox" });
    var count = make("span", { role: "status" });
    var apply = function () {
      var shown = 0;
      claims.forEach(function (claim) {
        var hide = (topic.value && !claim.classList.contains("edition-topic-" + topic.value)) ||
          (disagree.checked && !claim.classList.contains("edition-claim-disagree"));
        claim.classList.toggle("edition-filtered-out", !!hide);
        if (!hide) shown += 1;
      });
      count.textContent = shown + " of " + claims.length + " points shown.";
    };
    topic.addEventListener("change", apply);
    disagree.addEventListener("change", apply);
    claims[0].parentNode.insertBefore(panel("Filter the collation", [
      labelled("Topic", topic), labelled("Only where the sources disagree", disagree)], count), claims[0]);
    apply();
  }
})();
