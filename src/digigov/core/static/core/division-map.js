// Heat maps of divisions (core/_division_map.html; core.division_maps; issue 13 item 8): each element with
// data-division-map names its JSON data island, which gives the boundary file (served by this server from the
// vendored GeoJSON, no map tiles), the regions with their values and the labels. The vendored ECharts draws the
// regions coloured on a visualMap scale, with the Chinese name and value in each tooltip; the table under the map
// stays the accessible reading. No inline script: the CSP allows only this server's scripts.
// Wagtail puts a page's scripts in the head, so the maps start once the document is read (the tags are defer).
(function () {
  "use strict";
  var HEAT = ["#fff3d6", "#fdcc8a", "#fc8d59", "#e34a33", "#a50f15"];
  var NO_DATA = "#e4e4e4";
  var registered = {}; // map name -> promise of its registration: one fetch per boundary file and page

  function escape(text) {
    // tooltips are HTML: a name is text
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function shown(value, data) {
    // a value of the scale: 12, 66.7%
    if (value === null || value === undefined || value === "-" || isNaN(value)) {
      return data.labels.noData;
    }
    var text = data.integers ? String(Math.round(value)) : value.toFixed(data.decimals);
    return text + data.unit;
  }

  function boundaries(data) {
    if (!registered[data.map]) {
      registered[data.map] = window
        .fetch(data.geo, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("boundary file " + data.geo + ": HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (geo) {
          window.echarts.registerMap(data.map, geo);
        });
    }
    return registered[data.map];
  }

  function draw(element, data) {
    var width = element.clientWidth || 600;
    var narrow = width < 520; // a phone: no names on the map, the scale under it
    element.style.height = Math.round(Math.min(560, Math.max(280, width / 1.45 + (narrow ? 56 : 0)))) + "px";
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var high = data.max > data.min ? data.max : data.min + 1;
    chart.setOption({
      animation: false,
      aria: { enabled: false }, // the container carries its own label; the table is the accessible reading
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          // the value as the table writes it (rounded on the server), or the "no data" label
          var text = params.data && params.data.shown !== "—" ? params.data.shown : data.labels.noData;
          return escape(params.name) + "<br>" + escape(data.valueLabel) + " " + escape(text);
        },
      },
      visualMap: {
        type: "continuous",
        min: data.min,
        max: high,
        calculable: true,
        text: [data.labels.high, data.labels.low],
        inRange: { color: HEAT },
        orient: narrow ? "horizontal" : "vertical",
        left: narrow ? "center" : 8,
        bottom: 8,
        itemHeight: narrow ? 160 : 140,
        formatter: function (value) {
          return shown(value, data);
        },
      },
      series: [
        {
          type: "map",
          map: data.map,
          name: data.valueLabel,
          roam: false,
          selectedMode: false,
          top: 12,
          bottom: narrow ? 64 : 12, // the map keeps its proportions, centred
          label: { show: !narrow, fontSize: 11, color: "#1d1d1d", textBorderColor: "#ffffff", textBorderWidth: 2 },
          labelLayout: { hideOverlap: true }, // the small regions round 武汉 would write over each other
          itemStyle: { areaColor: NO_DATA, borderColor: "#ffffff", borderWidth: 1 },
          emphasis: { label: { show: true }, itemStyle: { areaColor: "#2e5e8c" } },
          data: data.regions.map(function (region) {
            var value = region.value === null ? "-" : region.value;
            return { name: region.name, code: region.code, value: value, shown: region.shown };
          }),
        },
      ],
    });
    element.setAttribute("data-drawn", "true");
    return chart;
  }

  function start() {
    var elements = document.querySelectorAll("[data-division-map]");
    if (!elements.length || !window.echarts) {
      return;
    }
    var charts = [];
    elements.forEach(function (element) {
      var data = JSON.parse(document.getElementById(element.getAttribute("data-division-map")).textContent);
      boundaries(data).then(
        function () {
          charts.push(draw(element, data));
        },
        function (error) {
          element.hidden = true; // the table below still gives every value
          element.setAttribute("data-failed", "true");
          window.console.error(error);
        }
      );
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
