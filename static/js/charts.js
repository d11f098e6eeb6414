/* Draws every chart on the page with plotly.js.
 *
 * A chart is an element with data-chart="ID", where ID names a
 * <script type="application/json"> element holding the figure (Django's
 * json_script): the page carries data, never inline script, so a strict
 * Content-Security-Policy can be set. Charts follow the width of the page.
 */
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      locale: document.documentElement.lang || "en",
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
      toImageButtonOptions: { filename: element.id, scale: 2 }
    }).then(function () {
      element.setAttribute("data-chart-drawn", "true");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
})();
