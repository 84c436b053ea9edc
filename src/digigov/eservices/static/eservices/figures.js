// The figures screen (eservices/templates/eservices/figures.html): one horizontal bar chart per figure, drawn with
// the vendored ECharts from the page's JSON data island (no inline script: the CSP allows only 'self'). Each chart
// shows the rows of the table below it (overall, division levels, departments); a bar is green when its row reaches
// its target, orange when not, blue when it has none, and a short dark mark stands at the target.
// Wagtail puts a page's scripts in the head, so the charts start once the document is read (the tags are defer).
(function () {
  "use strict";
  var GREEN = "#1f7a4d";
  var ORANGE = "#c85a00";
  var BLUE = "#2e5e8c";
  var MARK = "#1d1d1d";
  var ROW_HEIGHT = 30;

  function shown(value, suffix) {
    // as the table writes it: 66.7%, 75.0%, 5
    if (value === null || value === undefined) {
      return "—";
    }
    return (suffix ? value.toFixed(1) : String(value)) + suffix;
  }

  function escape(text) {
    // tooltips are HTML: a department's name is text
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw(element, figure, labels) {
    var rows = figure.rows;
    // height follows the number of rows, before init reads it
    var suffix = figure.percent ? "%" : "";
    element.style.height = 48 + rows.length * ROW_HEIGHT + "px";
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var bars = rows.map(function (row) {
      var colour = row.met === true ? GREEN : row.met === false ? ORANGE : BLUE;
      return { value: row.value, itemStyle: { color: colour } };
    });
    var targets = [];
    rows.forEach(function (row, index) {
      if (row.target !== null) {
        targets.push({ value: [row.target, index], name: row.label });
      }
    });
    var largest = 0;
    rows.forEach(function (row) {
      largest = Math.max(largest, row.value || 0, row.target || 0);
    });
    chart.setOption({
      animation: false,
      aria: { enabled: false }, // the container carries its own label; the table is the accessible reading
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var row = rows[params.dataIndex];
          if (params.seriesType === "scatter") {
            return escape(params.name) + "<br>" + escape(labels.target) + " ≥ " + params.value[0] + suffix;
          }
          return escape(row.label) + "<br>" + escape(figure.label) + " " + shown(row.value, suffix);
        },
      },
      xAxis: {
        type: "value",
        min: 0,
        splitNumber: element.clientWidth < 500 ? 2 : 5, // a phone: 0%, 50%, 100%
        max: figure.percent ? 100 : Math.max(1, Math.ceil(largest * 1.1)),
        axisLabel: { formatter: "{value}" + suffix },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map(function (row) {
          return row.label;
        }),
        axisLabel: { width: 200, overflow: "truncate" },
      },
      series: [
        {
          name: figure.label,
          type: "bar",
          data: bars,
          barMaxWidth: 18,
          label: {
            show: true,
            position: "right",
            formatter: function (params) {
              return shown(params.value, suffix);
            },
          },
        },
        {
          name: labels.target,
          type: "scatter",
          data: targets,
          symbol: "rect",
          symbolSize: [3, 22],
          itemStyle: { color: MARK },
          z: 3,
        },
      ],
    });
    element.setAttribute("data-drawn", "true");
    return chart;
  }

  function start() {
    var elements = document.querySelectorAll("[data-figures-chart]");
    if (!elements.length || !window.echarts) {
      return;
    }
    var island = document.getElementById(elements[0].getAttribute("data-figures-source"));
    var data = JSON.parse(island.textContent);
    var byKey = {};
    data.figures.forEach(function (figure) {
      byKey[figure.key] = figure;
    });
    var charts = [];
    elements.forEach(function (element) {
      var figure = byKey[element.getAttribute("data-figures-chart")];
      if (figure) {
        charts.push(draw(element, figure, data.labels));
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
