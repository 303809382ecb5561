// Which Bootstrap rules Ươm Mầm keeps (scripts/build-bootstrap-css): those whose classes appear in a
// template, a first-party script or a Python file (forms set widget classes), plus the families that
// templates build from a variable (btn-{{ style }}, alert-{{ tags }}, text-bg-…) and the states that
// scripts toggle (show, active, disabled).
module.exports = {
  content: [
    "templates/**/*.html",
    "uommam/**/templates/**/*.html",
    "static/js/**/*.js",
    "uommam/**/static/**/*.js",
    "uommam/**/*.py",
  ],
  safelist: {
    standard: ["show", "active", "disabled", "collapsing", "is-invalid", "is-valid", "was-validated", "visually-hidden", "visually-hidden-focusable"],
    greedy: [/^btn-/, /^alert-/, /^text-bg-/, /^bg-/, /^badge/, /^table-/, /^text-/, /^border-/],
  },
};
