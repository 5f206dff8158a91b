// Progressive enhancement: a "Copy" button next to each citation form of "Cite this document".
// Without JavaScript (or without a clipboard) the citation is plain text to select and copy.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Older browsers and plain-HTTP previews: copy from a selection instead.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function enhance(source) {
    var what = source.getAttribute("data-copy") || "citation";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy " + what;
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      copyText(text).then(function () {
        status.textContent = "Copied.";
      }, function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
      });
      setTimeout(function () { status.textContent = ""; }, 4000);
    });
    var bar = document.createElement("span");
    bar.className = "copy-bar";
    bar.appendChild(button);
    bar.appendChild(status);
    source.insertAdjacentElement("afterend", bar);
  }

  function init() {
    document.querySelectorAll(".cite [data-copy]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
