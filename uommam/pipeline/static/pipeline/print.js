// Print buttons: <button data-print>. A static file because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
