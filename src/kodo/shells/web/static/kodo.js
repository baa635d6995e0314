// kodo's page: live results, the share link, print, and the language switch.
// No framework, no inline script (the Content-Security-Policy forbids it). The answers are
// kept in the URL fragment (#a=...), which browsers never send to a server; to restore them
// the script posts them to /page/form, which renders the form with them.
(function () {
  "use strict";
  var form = document.getElementById("kodo-form");
  if (!form) return;
  var lang = form.getAttribute("data-lang") || "en";
  var fields = document.getElementById("form-fields");
  var body = document.getElementById("results-body");
  var status = document.getElementById("status");
  var share = document.getElementById("share-link");
  var tools = document.getElementById("tools");
  var failed = document.getElementById("update-failed");
  var timer = null;
  var sequence = 0;
  var PREFIX = "#a=";

  // A date the browser cannot read (30 February) is sent as such, so that the server names
  // the field instead of taking it as unanswered.
  var UNREADABLE = "?";

  function answers() {
    var out = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value !== "") out.append(name, value);
    });
    form.querySelectorAll("input").forEach(function (el) {
      if (el.name && el.validity && el.validity.badInput) out.set(el.name, UNREADABLE);
    });
    return out;
  }

  // The answers as they are now, in the link (the debounced update may not have run yet).
  function current() {
    keepInLink(answers());
    return location.href;
  }

  function post(path, params) {
    return fetch(path + "?lang=" + encodeURIComponent(lang), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: params.toString(),
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (r) {
      return r.text().then(function (text) { return { ok: r.ok, text: text }; });
    });
  }

  // aria-describedby keeps the field's help; an error's id is added and taken away alone.
  function describedBy(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (on) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }

  function markInvalid() {
    var wrong = {};
    body.querySelectorAll("[data-error-for]").forEach(function (a) {
      wrong[a.getAttribute("data-error-for")] = a.getAttribute("data-error-id") || "";
    });
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      var was = el.getAttribute("data-error-id");
      if (was) {
        describedBy(el, was, false);
        el.removeAttribute("data-error-id");
      }
      if (el.id && wrong.hasOwnProperty(el.id)) {
        el.setAttribute("aria-invalid", "true");
        if (wrong[el.id]) {
          describedBy(el, wrong[el.id], true);
          el.setAttribute("data-error-id", wrong[el.id]);
        }
      } else {
        el.removeAttribute("aria-invalid");
      }
    });
  }

  function keepInLink(params) {
    var fragment = params.toString() ? PREFIX + params.toString() : "";
    history.replaceState(null, "", location.pathname + location.search + fragment);
    share.href = location.href;
  }

  // The results of the form's answers, or of ``given`` ones (a shared link's answers as they
  // were written, so that a value the form cannot show is still named in the error summary).
  function update(focusAfter, given) {
    var params = given || answers();
    keepInLink(params);
    var mine = ++sequence;
    status.textContent = status.getAttribute("data-updating");
    body.setAttribute("aria-busy", "true");
    return post("/page/results", params).then(function (r) {
      if (mine !== sequence) return; // a newer answer is on its way
      failed.hidden = r.ok;
      if (!r.ok) { // keep the last results; say that they could not be updated
        body.removeAttribute("aria-busy");
        status.textContent = "";
        return;
      }
      body.innerHTML = r.text;
      body.removeAttribute("aria-busy");
      markInvalid();
      peekAt();
      status.textContent = status.getAttribute("data-updated");
      if (focusAfter) {
        var summary = document.getElementById("error-summary");
        (summary || document.getElementById("results-title")).focus();
      }
    }).catch(function () {
      if (mine !== sequence) return;
      body.removeAttribute("aria-busy");
      failed.hidden = false;
    });
  }

  // On a phone the results are below the form: a bar at the bottom of the screen repeats the
  // best category's line (or the error summary's title) and leads to them.
  var peek = document.getElementById("peek");
  var peekText = document.getElementById("peek-text");
  function peekAt() {
    var said = body.querySelector("[data-best]") || body.querySelector("#error-summary h3");
    peekText.textContent = said ? said.textContent : "";
    peek.hidden = !said;
    peek.classList.toggle("peek-error", !!body.querySelector("#error-summary"));
  }
  peek.addEventListener("click", function (event) {
    event.preventDefault();
    var title = document.getElementById("results-title");
    title.scrollIntoView();
    title.focus();
  });

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(function () { update(false); }, 300);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("kodo:rows", soon); // form.js: a row was added or removed
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update(true);
  });

  // The language switch keeps the answers: the fragment goes with the link.
  document.querySelectorAll("a[data-lang]").forEach(function (a) {
    a.addEventListener("click", function () {
      clearTimeout(timer);
      current();
      a.href = "/?lang=" + a.getAttribute("data-lang") + location.hash;
    });
  });

  tools.hidden = false;
  document.getElementById("print").addEventListener("click", function () { window.print(); });
  // The link itself can be opened, bookmarked or copied; where the browser allows it, a click
  // copies it and says so.
  share.addEventListener("click", function (event) {
    if (navigator.clipboard && window.isSecureContext) {
      event.preventDefault();
      navigator.clipboard.writeText(current()).then(function () {
        var copied = document.getElementById("copied");
        copied.textContent = copied.getAttribute("data-copied");
      });
    }
  });
  share.href = location.href;

  // A shared link: render the form with its answers, then the results.
  if (location.hash.indexOf(PREFIX) === 0) {
    var restored = new URLSearchParams(location.hash.slice(PREFIX.length));
    post("/page/form", restored).then(function (r) {
      if (r.ok) {
        fields.innerHTML = r.text;
        form.dispatchEvent(new CustomEvent("kodo:restored"));
      }
      // An answer the form could not take (a hand-edited link) is sent as written, so that
      // the error summary names it; otherwise the form's answers are the link's.
      var now = answers();
      var dropped = false;
      restored.forEach(function (value, name) {
        if (now.getAll(name).indexOf(value) < 0) dropped = true;
      });
      update(false, dropped ? restored : null);
    });
  }
})();
