// Progress charts of a movement's targets (Chart.js 4, vendored). The data comes from the page in a
// <script type="application/json" id="progress-charts"> block (json_script): CSP forbids inline scripts.
// Each chart: the reported (or rolled-up) values over time, the target value, and the planned path
// from the baseline at the start of the period to the target at its end.
(function () {
  "use strict";

  const DAY = 24 * 60 * 60 * 1000;

  function toTime(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  }

  function formatDate(ms) {
    const d = new Date(ms);
    const pad = (n) => String(n).padStart(2, "0");
    return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }

  const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function draw(canvas, chart) {
    const points = chart.points.map(([date, value]) => ({ x: toTime(date), y: value }));
    const times = points.map((p) => p.x);
    if (chart.start) times.push(toTime(chart.start));
    if (chart.end) times.push(toTime(chart.end));
    if (!times.length) times.push(Date.now());
    const first = Math.min(...times);
    const last = Math.max(...times, first + DAY);
    const unit = chart.measure ? " " + chart.measure : "";
    const datasets = [
      {
        label: "Giá trị đạt được",
        data: points,
        borderColor: "#1565c0",
        backgroundColor: "#1565c0",
        tension: 0,
        pointRadius: 3,
      },
      {
        label: "Chỉ tiêu",
        data: [{ x: first, y: chart.target }, { x: last, y: chart.target }],
        borderColor: "#c62828",
        borderDash: [2, 2],
        pointRadius: 0,
      },
    ];
    if (chart.start && chart.end) {
      datasets.push({
        label: "Lộ trình kế hoạch",
        data: [{ x: toTime(chart.start), y: chart.baseline }, { x: toTime(chart.end), y: chart.target }],
        borderColor: "#9e9e9e",
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: {
            type: "linear",
            min: first,
            max: last,
            ticks: { callback: (value) => formatDate(value), maxTicksLimit: 8 },
          },
          y: { ticks: { callback: (value) => numberFormat.format(value) } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? formatDate(items[0].parsed.x) : ""),
              label: (item) => item.dataset.label + ": " + numberFormat.format(item.parsed.y) + unit,
            },
          },
        },
      },
    });
  }

  function init() {
    const source = document.getElementById("progress-charts");
    if (!source || typeof Chart === "undefined") return;
    const charts = JSON.parse(source.textContent);
    charts.forEach(function (chart) {
      const canvas = document.querySelector('canvas[data-chart-id="' + chart.id + '"]');
      if (canvas) draw(canvas, chart);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
