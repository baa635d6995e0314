// kodo's form: rows of the repeatable lists (degrees, statuses of residence) are added by
// cloning the list's <template> and removed in place; every row is then renumbered (names,
// ids, label targets, help references, titles) so that the names stay the applicant's
// paths (degrees.0.level, degrees.1.level, ...). After a change the form gets "kodo:rows";
// focus goes to the new row's first field, or after a removal to the add button.
// Clicks are handled on the form itself, so a form re-drawn by kodo.js ("kodo:restored")
// needs no new listeners, only its buttons shown again. No inline script (the CSP).
(function () {
  "use strict";
  var form = document.getElementById("kodo-form");
  if (!form) return;
  var ATTRS = ["name", "id", "for", "aria-describedby", "aria-labelledby"];

  function rowsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("row");
    });
  }

  // "degrees.3.level" -> "degrees.<i>.level", "f-degrees-3-level" -> "f-degrees-<i>-level"
  function renumberValue(value, path, i) {
    var escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var pattern = new RegExp("(^|[\\s-])" + escaped + "([.-])[0-9]+(?=[.-]|\\s|$)", "g");
    return value.replace(pattern, function (_, before, sep) { return before + path + sep + i; });
  }

  function renumber(list) {
    var path = list.getAttribute("data-list");
    var title = list.getAttribute("data-row-title") || "";
    var remove = list.getAttribute("data-remove-text") || "";
    rowsOf(list).forEach(function (row, i) {
      row.setAttribute("data-row", String(i));
      row.querySelectorAll("*").forEach(function (el) {
        ATTRS.forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, renumberValue(value, path, i));
        });
      });
      var legend = row.querySelector("[data-row-title]");
      if (legend) legend.textContent = title.replace("{n}", String(i + 1));
      var button = row.querySelector("[data-remove]");
      if (button) button.textContent = remove.replace("{n}", String(i + 1));
    });
  }

  function listNamed(path) {
    return form.querySelector('[data-list="' + path + '"]');
  }

  function refresh() {
    form.querySelectorAll("[data-add]").forEach(function (add) {
      var list = listNamed(add.getAttribute("data-add"));
      if (!list) return;
      var limit = parseInt(list.getAttribute("data-limit"), 10) || Infinity;
      add.hidden = false;
      add.disabled = rowsOf(list).length >= limit;
    });
    form.querySelectorAll("[data-remove]").forEach(function (b) { b.hidden = false; });
  }

  function changed(path) {
    refresh();
    form.dispatchEvent(new CustomEvent("kodo:rows", { bubbles: true, detail: { list: path } }));
  }

  function addRow(path) {
    var list = listNamed(path);
    var template = form.querySelector('template[data-template="' + path + '"]');
    if (!list || !template) return;
    var limit = parseInt(list.getAttribute("data-limit"), 10) || Infinity;
    if (rowsOf(list).length >= limit) return;
    var row = template.content.firstElementChild.cloneNode(true);
    list.appendChild(row);
    renumber(list);
    changed(path);
    var first = row.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  function removeRow(button) {
    var row = button.closest(".row");
    var list = row && row.parentNode;
    if (!list || !list.hasAttribute("data-list")) return;
    var path = list.getAttribute("data-list");
    row.parentNode.removeChild(row);
    renumber(list);
    changed(path);
    var add = form.querySelector('[data-add="' + path + '"]');
    if (add) add.focus();
  }

  form.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var add = target.closest("[data-add]");
    if (add && form.contains(add)) {
      event.preventDefault();
      addRow(add.getAttribute("data-add"));
      return;
    }
    var remove = target.closest("[data-remove]");
    if (remove && form.contains(remove)) {
      event.preventDefault();
      removeRow(remove);
    }
  });
  // A field keeps its help in its description whatever else describes it (kodo.js points
  // aria-describedby at an error message while the field is wrong, and clears it after).
  function keepHelp(el) {
    if (!el.id || el.id.indexOf("f-") !== 0) return;
    var help = "h-" + el.id.slice(2);
    if (!document.getElementById(help)) return;
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(help) < 0) el.setAttribute("aria-describedby", ids.concat(help).join(" "));
  }
  if (window.MutationObserver) {
    new MutationObserver(function (changes) {
      changes.forEach(function (c) { if (c.target instanceof Element) keepHelp(c.target); });
    }).observe(form, { subtree: true, attributes: true, attributeFilter: ["aria-describedby"] });
  }

  form.addEventListener("kodo:restored", refresh);
  refresh();
})();
