// 12345 数据分析 (hotline/templates/hotline/analysis.html): the trend (lines per kind of request) and the subject
// categories (horizontal bars), drawn with the vendored ECharts from the page's JSON data island "analysis-data"
// (no inline script: the CSP allows only this server's scripts). The table beside each chart gives the same figures.
// Wagtail puts a page's scripts in the head, so the charts start once the document is read (the tags are defer).
(function () {
  "use strict";

  function trend(element, data) {
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, smooth: false, symbolSize: 4 };
      }),
    });
    return chart;
  }

  function categories(element, data) {
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 140, overflow: "truncate" } },
      series: [
        { name: data.name, type: "bar", data: data.data, barMaxWidth: 18, itemStyle: { color: "#2e5e8c" },
          label: { show: true, position: "right" } },
      ],
    });
    return chart;
  }

  function start() {
    var island = document.getElementById("analysis-data");
    if (!island || !window.echarts) {
      return;
    }
    var data = JSON.parse(island.textContent);
    var draw = { trend: trend, categories: categories };
    var charts = [];
    document.querySelectorAll("[data-analysis-chart]").forEach(function (element) {
      var key = element.getAttribute("data-analysis-chart");
      if (draw[key] && data[key]) {
        charts.push(draw[key](element, data[key]));
        element.setAttribute("data-drawn", "true");
      }
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
