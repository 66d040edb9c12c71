// A unit's points per criteria group against its cluster's average (Chart.js 4, vendored). The data
// comes from the page in a <script type="application/json" id="unit-chart-data"> block (json_script):
// CSP forbids inline scripts.
(function () {
  "use strict";

  const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function init() {
    const source = document.getElementById("unit-chart-data");
    const canvas = document.getElementById("unit-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.unit_label, data: data.unit, backgroundColor: "#1565c0" },
          { label: "Bình quân cụm, khối", data: data.average, backgroundColor: "#9e9e9e" },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => numberFormat.format(value) } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: (item) => item.dataset.label + ": " + numberFormat.format(item.parsed.y) } },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
