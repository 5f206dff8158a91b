// A page opened from a search result carries ?pagefind-highlight=…: only then is highlight.js
// (and through it Pagefind's highlighter) loaded, so other visits pay nothing for it.
(function () {
  "use strict";
  var own = document.currentScript;
  if (!own || !new URLSearchParams(location.search).has("pagefind-highlight")) return;
  var script = document.createElement("script");
  script.src = own.src.replace(/edition\.js(\?.*)?$/, "highlight.js");
  script.setAttribute("data-bundle", own.getAttribute("data-bundle"));
  document.head.appendChild(script);
})();

// Progressive enhancement: note references open their note in a popover next to them.
// Without JavaScript the references are plain links to the notes at the end of the page.
(function () {
  "use strict";
  if (typeof HTMLElement === "undefined" || !HTMLElement.prototype.hasOwnProperty("popover")) return;

  var popover = null;
  var opener = null;

  function build() {
    popover = document.createElement("div");
    popover.id = "note-popover";
    popover.className = "note-popover";
    popover.setAttribute("popover", "auto");
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-labelledby", "note-popover-title");
    var head = document.createElement("div");
    head.className = "popover-head";
    var title = document.createElement("span");
    title.id = "note-popover-title";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", function () { popover.hidePopover(); });
    head.appendChild(title);
    head.appendChild(close);
    var body = document.createElement("div");
    body.className = "popover-body";
    var more = document.createElement("a");
    more.className = "popover-more";
    more.textContent = "Go to the note in the list";
    more.addEventListener("click", function () {
      // to the note in the list: the popover closes and the note takes the focus
      var target = document.getElementById(more.getAttribute("href").slice(1));
      popover.hidePopover();
      if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
    });
    popover.appendChild(head);
    popover.appendChild(body);
    popover.appendChild(more);
    document.body.appendChild(popover);
    popover.addEventListener("toggle", function (event) {
      if (event.newState === "closed" && opener) {
        opener.setAttribute("aria-expanded", "false");
        var back = opener;
        opener = null;
        if (popover.contains(document.activeElement) || document.activeElement === document.body) back.focus();
      }
    });
  }

  function place(link, floating) {
    var el = floating || popover;
    var r = link.getBoundingClientRect();
    var width = el.offsetWidth, height = el.offsetHeight;
    var left = Math.min(Math.max(8, r.left + window.scrollX - 16), window.scrollX + document.documentElement.clientWidth - width - 8);
    var below = r.bottom + 8;
    var top = below + height > window.innerHeight && r.top - height - 8 > 0 ? r.top - height - 8 : below;
    el.style.position = "absolute";
    el.style.left = Math.max(8, left) + "px";
    el.style.top = (top + window.scrollY) + "px";
  }

  function open(link) {
    var id = link.getAttribute("href").slice(1);
    var note = document.getElementById(id);
    if (!note) return false;
    if (!popover) build();
    // Hiding and showing at once (or a click outside, then this one) makes one toggle event,
    // "open" to "open": the last marker is reset here, not by the event.
    document.querySelectorAll("a[aria-expanded='true']").forEach(function (a) { a.setAttribute("aria-expanded", "false"); });
    opener = null;
    if (popover.matches(":popover-open")) popover.hidePopover();
    var text = note.querySelector(".note-text") || note;
    var body = popover.querySelector(".popover-body");
    body.textContent = "";
    body.appendChild(text.cloneNode(true));
    body.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    popover.querySelector("#note-popover-title").textContent = link.getAttribute("aria-label") || ("Note " + link.textContent);
    popover.querySelector(".popover-more").setAttribute("href", "#" + id);
    opener = link;
    link.setAttribute("aria-expanded", "true");
    // right after its marker, so that Tab and Shift+Tab go on from the marker (it shows in the top layer)
    (link.closest("sup") || link).after(popover);
    popover.showPopover();
    place(link);
    popover.querySelector("button").focus();
    return true;
  }

  function init() {
    // markers of the text ("#note-3") and of other copies shown with it ("#w-b-note-1")
    document.querySelectorAll("sup.noteref a[href^='#note-'], sup.noteref a[href^='#w-']").forEach(function (link) {
      link.setAttribute("aria-haspopup", "dialog");
      link.setAttribute("aria-expanded", "false");
      link.setAttribute("aria-controls", "note-popover");
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        if (open(link)) event.preventDefault();
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") {
          event.preventDefault();
          open(link);
        }
      });
    });
    if (!popover && document.querySelector("sup.noteref a")) build();
    // Printing shows the form part and the other copies in full.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details").forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      document.querySelectorAll("details").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
    });
  }

  // Name cards: hovering or focusing a linked name shows the register's entry,
  // cloned from the "Persons and terms in this document" list of the same page.
  var card = null, cardTimer = 0;

  // A name links to its register entry: /persons/<key>/ or /<register>/#<key> (under any base
  // path); its card on this page has the id card-<register>-<key>.
  function cardId(link) {
    var url = new URL(link.href, location.href);
    var parts = url.pathname.split("/").filter(Boolean);
    if (url.hash) return "card-" + parts[parts.length - 1] + "-" + decodeURIComponent(url.hash.slice(1));
    return "card-" + parts[parts.length - 2] + "-" + parts[parts.length - 1];
  }

  function showCard(link) {
    var source = document.getElementById(cardId(link));
    if (!source) return;
    if (!card) {
      card = document.createElement("div");
      card.className = "name-card";
      card.setAttribute("popover", "manual");
      card.setAttribute("role", "tooltip");
      card.id = "name-card";
      document.body.appendChild(card);
    }
    card.textContent = "";
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("a").forEach(function (a) { a.replaceWith(document.createTextNode(a.textContent)); });
    card.appendChild(copy);
    if (!card.matches(":popover-open")) card.showPopover();
    place(link, card);
  }

  function hideCard() {
    clearTimeout(cardTimer);
    if (card && card.matches(":popover-open")) card.hidePopover();
  }

  function initCards() {
    document.querySelectorAll("a.name").forEach(function (link) {
      link.addEventListener("mouseenter", function () { clearTimeout(cardTimer); cardTimer = setTimeout(function () { showCard(link); }, 350); });
      link.addEventListener("mouseleave", hideCard);
      link.addEventListener("focus", function () { showCard(link); });
      link.addEventListener("blur", hideCard);
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hideCard(); });
  }

  function start() { init(); initCards(); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
