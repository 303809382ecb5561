// Ươm Mầm reports: draws the Chart.js charts from the JSON in each canvas's data-chart attribute.
// No inline scripts (Content-Security-Policy); re-runs after every HTMX swap of the report.
(function () {
  "use strict";
  var COLOURS = ["#b3261e", "#1f5fa8", "#2e7d32", "#8e24aa", "#ef6c00"];

  function read(canvas) {
    try { return JSON.parse(canvas.getAttribute("data-chart")); } catch (error) { return null; }
  }

  function draw(canvas) {
    if (!window.Chart) { return; }
    var data = read(canvas);
    if (!data) { return; }
    var previous = window.Chart.getChart(canvas);
    if (previous) { previous.destroy(); }
    var kind = canvas.getAttribute("data-chart-type");
    var horizontal = kind === "funnel";
    var datasets = data.series.map(function (series, index) {
      return {
        label: series.label,
        data: series.data,
        backgroundColor: COLOURS[index % COLOURS.length],
        borderColor: COLOURS[index % COLOURS.length],
        fill: false,
        tension: 0.2
      };
    });
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: !horizontal } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
  if (document.readyState !== "loading") { drawAll(document); }
})();
