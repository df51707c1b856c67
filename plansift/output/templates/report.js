// plansift report: draw the Vega-Lite charts (inlined vega-embed) and filter by indicator and area.
(function () {
  "use strict";
  var views = [];
  var report = (window.plansiftReport = { views: views, ready: null });
  var jobs = [];
  document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    if (!target) return;
    var spec = JSON.parse(node.textContent);
    jobs.push(
      vegaEmbed(target, spec, { renderer: "svg", actions: false }).then(function (result) {
        views.push(result.view);
      })
    );
  });
  report.ready = Promise.all(jobs).then(function () {
    document.body.setAttribute("data-charts-ready", String(views.length));
  }, function (err) {
    console.error("plansift report: a chart failed to draw", err);
  });

  var indicatorSelect = document.getElementById("indicator-filter");
  var areaSelect = document.getElementById("area-filter");

  function apply() {
    var indicator = indicatorSelect.value;
    var area = areaSelect.value;
    document.querySelectorAll("[data-indicator], [data-area]").forEach(function (el) {
      var ind = el.getAttribute("data-indicator");
      var ar = el.getAttribute("data-area");
      var hide = (indicator && ind !== null && ind !== indicator) || (area && ar !== null && ar !== area);
      el.hidden = Boolean(hide);
    });
    views.forEach(function (view) {
      view.signal("area_filter", area).runAsync();
    });
  }
  indicatorSelect.addEventListener("change", apply);
  areaSelect.addEventListener("change", apply);
  report.apply = apply;
})();
