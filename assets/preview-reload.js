// Served only by `build.py serve` (never part of a built site): reloads the page
// when the preview has been rebuilt.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script ? script.getAttribute("data-version-url") : null;
  if (!url) return;
  var seen = null;
  function poll() {
    fetch(url, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) location.reload();
      seen = v;
    }).catch(function () {}).then(function () { setTimeout(poll, 800); });
  }
  poll();
})();
