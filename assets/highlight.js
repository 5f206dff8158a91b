// Loaded by edition.js only on a page opened from a search result (?pagefind-highlight=word&pagefind-highlight=a+phrase):
// mark the hits with Pagefind's highlight script and scroll to the first.
(function () {
  "use strict";
  var script = document.currentScript;
  var PARAM = "pagefind-highlight";
  if (!script || !new URLSearchParams(location.search).has(PARAM)) return;
  var bundle = script.getAttribute("data-bundle");

  function scrollToFirst() {
    var first = document.querySelector("mark.pagefind-highlight");
    if (!first) return;
    var closed = first.closest("details:not([open])");
    if (closed) closed.open = true;
    first.scrollIntoView({ block: "center" });
  }

  import(bundle + "pagefind-highlight.js").then(function (module) {
    var Highlight = module.default;
    // addStyles: false, because Pagefind would add an inline <style> that the pages' CSP refuses;
    // style.css styles mark.pagefind-highlight instead.
    new Highlight({
      highlightParam: PARAM,
      addStyles: false,
      markOptions: {
        className: "pagefind-highlight",
        exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *", "sup.noteref", "sup.noteref *"],
        done: scrollToFirst
      }
    });
  }).catch(function (err) {
    // Highlighting is a convenience: the page reads the same without it.
    console.warn("search hits could not be highlighted:", err);
  });
})();
