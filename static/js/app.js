// Ươm Mầm: the only first-party script. No inline scripts anywhere (Content-Security-Policy).
// It replaces Bootstrap's JavaScript (only the menu and the account dropdown needed it).
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) { return; }
    // Emptied first so that the same message twice is read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // Buttons that ask for confirmation: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The menu on phones and the account dropdown: <button data-toggle-menu="id" aria-expanded="false">.
  function setOpen(button, open) {
    var menu = document.getElementById(button.getAttribute("data-toggle-menu"));
    if (!menu) { return; }
    menu.classList.toggle("show", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function closeDropdowns(except) {
    document.querySelectorAll(".dropdown [data-toggle-menu][aria-expanded=true]").forEach(function (button) {
      if (button !== except) { setOpen(button, false); }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-toggle-menu]");
    if (button) {
      closeDropdowns(button);
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    } else if (!event.target.closest(".dropdown-menu")) {
      closeDropdowns(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector(".dropdown [data-toggle-menu][aria-expanded=true]");
    if (open) { setOpen(open, false); open.focus(); }
  });

  // "Select all" checkboxes for bulk actions: <input type="checkbox" data-select-all="name">.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-all]")) {
      var name = box.getAttribute("data-select-all");
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (el) {
        el.checked = box.checked;
      });
    }
  });
  // Auto-submit filter forms after a change, when HTMX is available.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && window.htmx) { window.htmx.trigger(form, "submit"); }
  });

  // After a validation error, focus goes to the first field to correct (its <details> opened) and
  // screen readers hear that nothing was recorded. Without a field in error, to the error message.
  function focusFirstError(root) {
    var field = root.querySelector("[aria-invalid=true]");
    var target = field || root.querySelector("[data-testid=step-errors], .alert-danger[role=alert]");
    if (!target) { return false; }
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    if (!field) { target.setAttribute("tabindex", "-1"); }
    target.focus();
    var region = document.getElementById("announcer");
    announce(region && region.getAttribute("data-errors-text"));
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    // A refused form shown again (a field in error, or a reason for the whole form): focus it where it is.
    var form = document.querySelector("main form [aria-invalid=true], main form [data-testid=form-errors]");
    if (form) { focusFirstError(form.closest("form")); }
  });

  // A plain form being sent on a slow line: its button is disabled (no double submit) and shows it is busy.
  // HTMX forms do the same with hx-disabled-elt and hx-indicator.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    var button = event.submitter || form.querySelector("[type=submit]");
    // Buttons that download a file (formaction on an export) stay as they are: the page does not change.
    if (!button || button.hasAttribute("formaction") || form.hasAttribute("data-download")) { return; }
    // Disabled after the browser has read the form, so that the button's own name/value is still sent.
    window.setTimeout(function () {
      button.disabled = true;
      button.classList.add("is-busy");
      form.setAttribute("aria-busy", "true");
    }, 0);
    // A download does not leave the page: give the button back.
    window.setTimeout(function () {
      button.disabled = false;
      button.classList.remove("is-busy");
      form.removeAttribute("aria-busy");
    }, 8000);
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("button.is-busy").forEach(function (button) {
      button.disabled = false;
      button.classList.remove("is-busy");
    });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    event.detail.elt.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.detail.elt.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.target || event.detail.elt;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    // hx-swap="outerHTML" replaced the target: its successor has the same id.
    if (root && !document.body.contains(root) && root.id) { root = document.getElementById(root.id); }
    if (!root || !document.body.contains(root)) { return; }
    // Search and filter forms update results as one types: focus stays where it is.
    if (source && source.closest && source.closest("form[data-autosubmit], form[role=search]")) { return; }
    if (focusFirstError(root)) { return; }
    // The swap replaced the focused button: focus the new content rather than losing it to <body>.
    if (document.activeElement === document.body || !document.body.contains(document.activeElement)) {
      if (!root.hasAttribute("tabindex")) { root.setAttribute("tabindex", "-1"); }
      root.focus();
    }
  });

  // The idle logout (settings.SESSION_IDLE_TIMEOUT): a warning a few minutes before, with "continue".
  // The last activity is shared by the tabs of this browser through localStorage.
  var idleTimeout = parseInt(document.body.getAttribute("data-idle-timeout") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  if (idleTimeout > 0 && dialog) {
    var warnBefore = parseInt(dialog.getAttribute("data-warn-before") || "300", 10);
    var key = "uommam.lastActivity";
    var touch = function () {
      try { window.localStorage.setItem(key, String(Date.now())); } catch (e) { /* private mode */ }
      window.uommamLastActivity = Date.now();
    };
    var lastActivity = function () {
      var stored = 0;
      try { stored = parseInt(window.localStorage.getItem(key) || "0", 10); } catch (e) { stored = 0; }
      return Math.max(stored, window.uommamLastActivity || 0);
    };
    touch();
    document.addEventListener("htmx:afterRequest", touch);
    window.setInterval(function () {
      var idle = (Date.now() - lastActivity()) / 1000;
      if (idle >= idleTimeout - warnBefore && idle < idleTimeout && !dialog.open) {
        dialog.showModal();
      } else if (dialog.open && (idle < idleTimeout - warnBefore || idle >= idleTimeout)) {
        // Another tab was used meanwhile; or too late: the page is given back, and what is sent from it
        // now is kept across the login it leads to.
        dialog.close();
      }
    }, 1000);
    dialog.querySelector("[data-idle-continue]").addEventListener("click", function () {
      // The keep-alive request renews the session's last-seen time (uommam/accounts/middleware.py).
      fetch(document.body.getAttribute("data-keepalive-url"), { credentials: "same-origin", cache: "no-store" })
        .finally(function () { touch(); dialog.close(); });
    });
  }

  // A form kept across an idle logout (uommam/accounts/kept_form.py): offered again on its page.
  var keptData = document.getElementById("kept-form-data");
  var keptBox = document.querySelector("[data-testid=kept-form]");
  if (keptData && keptBox) {
    var kept = JSON.parse(keptData.textContent);
    var form = null;
    document.querySelectorAll("form").forEach(function (candidate) {
      var action = candidate.getAttribute("hx-post") || candidate.getAttribute("action") || "";
      if (!form && action && new URL(action, window.location.href).pathname === kept.action) { form = candidate; }
    });
    if (kept && kept.values && form) {
      keptBox.hidden = false;
      keptBox.querySelector("[data-kept-form-restore]").addEventListener("click", function () {
        Object.keys(kept.values).forEach(function (name) {
          var values = kept.values[name];
          form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]').forEach(function (field, index) {
            if (field.type === "checkbox" || field.type === "radio") {
              field.checked = values.indexOf(field.value) !== -1;
            } else if (field.type !== "file" && field.type !== "hidden" && field.type !== "submit") {
              field.value = values[Math.min(index, values.length - 1)];
            }
          });
        });
        for (var el = form.parentElement; el; el = el.parentElement) {
          if (el.tagName === "DETAILS") { el.open = true; }
        }
        keptBox.hidden = true;
        var first = form.querySelector("input:not([type=hidden]), select, textarea");
        if (first) { first.focus(); }
      });
      keptBox.querySelector("[data-kept-form-dismiss]").addEventListener("click", function () {
        keptBox.hidden = true;
      });
    }
  }

  // Long lists on a phone: <details data-collapse-on-phone open> starts closed there, its summary (a title
  // with a count and "see all") standing for the list; on a desk it stays open as rendered.
  if (window.matchMedia && window.matchMedia("(max-width: 767.98px)").matches) {
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (details) {
      details.removeAttribute("open");
    });
  }
})();
