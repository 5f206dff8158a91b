// Progressive enhancement of the variant view (templates/witnesses.html): buttons switch between
// the apparatus, the two texts side by side and the text of each witness with its variants marked;
// a check box marks the differences of case, punctuation and line breaks too. Without JavaScript
// the apparatus list is the view. Targets are found through aria-controls, so the print view,
// which prefixes every id, works the same.
(function () {
  "use strict";

  function press(buttons, chosen) {
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === chosen ? "true" : "false"); });
  }

  function target(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function comparison(box) {
    var controls = box.querySelector(".collation-controls");
    if (!controls) return;
    var buttons = Array.prototype.slice.call(controls.querySelectorAll("button[aria-controls]"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        buttons.forEach(function (b) { var view = target(b); if (view) view.hidden = b !== button; });
        press(buttons, button);
      });
    });
    var toggle = controls.querySelector("input[type=checkbox]");
    if (toggle) {
      toggle.addEventListener("change", function () { box.classList.toggle("show-formal", toggle.checked); });
    }
    controls.hidden = false;
  }

  function pairs(section) {
    var group = section.querySelector(".collation-pairs");
    if (!group) return;
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button[aria-controls]"));
    function show(button) {
      buttons.forEach(function (b) { var box = target(b); if (box) box.hidden = b !== button; });
      press(buttons, button);
    }
    buttons.forEach(function (button) { button.addEventListener("click", function () { show(button); }); });
    group.hidden = false;
    if (buttons.length) show(buttons[0]);
  }

  // An old address of an absorbed document leads to #witness-<id>; its text is one click away,
  // and a link straight to the text (…-text) opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }

  function init() {
    document.querySelectorAll(".collation").forEach(function (section) {
      if (section.dataset.ready) return;      // the print view holds several documents' scripts
      section.dataset.ready = "1";
      section.querySelectorAll(".comparison").forEach(comparison);
      pairs(section);
    });
    openTarget();
  }

  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
