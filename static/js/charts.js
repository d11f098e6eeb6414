/* Draws every chart on the page with plotly.js.
 *
 * A chart is an element with data-chart="ID", where ID names a
 * <script type="application/json"> element holding the figure (Django's
 * json_script): the page carries data, never inline script, so a strict
 * Content-Security-Policy can be set. Charts follow the width of the page.
 * They have no mode bar and no zoom: a chart is a picture with its figures in
 * the table beside it, so its element can be role="img" with nothing
 * interactive inside, and a finger scrolling the page does not zoom the chart.
 * A chart marked data-chart-static (a sparkline) is a still picture: plotly
 * draws it without hover or any layer for the pointer.
 */
(function () {
  "use strict";

  var NARROW = 560;

  /* On a phone: smaller text, so that every quarter keeps its label upright. */
  function narrow(layout) {
    layout.font = Object.assign({}, layout.font, { size: 12 });
    ["xaxis", "yaxis"].forEach(function (axis) {
      layout[axis] = Object.assign({}, layout[axis], { tickfont: { size: 11 }, tickangle: 0 });
    });
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var still = element.hasAttribute("data-chart-static");
    if (!still && element.clientWidth < NARROW) {
      narrow(figure.layout);
    }
    Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      displaylogo: false,
      doubleClick: false,
      responsive: true,
      staticPlot: still
    }).then(function () {
      element.setAttribute("data-chart-drawn", "true");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
})();
