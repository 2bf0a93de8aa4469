/* The projector view of a live exercise reloads its results every few seconds without
   reloading the page (the page's <noscript> meta refresh does it when scripts are off). */
(function () {
  "use strict";
  var box = document.querySelector("[data-live-results]");
  var holder = document.querySelector("[data-refresh]");
  if (!box || !holder || !window.fetch || !window.DOMParser) { return; }
  var seconds = Math.max(2, parseInt(holder.getAttribute("data-refresh"), 10) || 5);
  function refresh() {
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-results]");
        var current = document.querySelector("[data-live-results]");
        if (fresh && current) { current.replaceWith(document.importNode(fresh, true)); }
      })
      .catch(function () { /* the next round tries again */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
