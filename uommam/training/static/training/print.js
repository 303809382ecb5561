// Print buttons on the printable class lists: <button data-print>. No inline scripts (CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
