// Ươm Mầm: the only first-party script. No inline scripts anywhere (Content-Security-Policy).
(function () {
  "use strict";
  // Buttons that ask for confirmation: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
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
  // Auto-submit filter forms after typing stops, when HTMX is available.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && window.htmx) { window.htmx.trigger(form, "submit"); }
  });
})();
