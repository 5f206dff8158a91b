// The calendar table, sortable and filterable when JavaScript is on.
// Without it the table is complete, in order of date.
(function () {
  "use strict";
  function init() {
    var table = document.querySelector("table.calendar[data-sortable]");
    var controls = document.getElementById("calendar-controls");
    if (!table) return;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var original = rows.slice();

    if (controls) {
      controls.innerHTML = "";
      var form = document.createElement("form");
      form.className = "filters";
      form.setAttribute("role", "search");
      form.setAttribute("aria-label", "Filter the calendar");
      form.addEventListener("submit", function (e) { e.preventDefault(); });

      var textLabel = document.createElement("label");
      textLabel.textContent = "Filter by any word ";
      var text = document.createElement("input");
      text.type = "search";
      text.id = "calendar-filter";
      textLabel.appendChild(text);

      var whoLabel = document.createElement("label");
      whoLabel.textContent = "Correspondent ";
      var who = document.createElement("select");
      who.id = "calendar-person";
      var people = {};
      document.querySelectorAll("table.calendar td a[href*='/persons/']").forEach(function (a) {
        var id = a.getAttribute("href").split("/persons/")[1].replace(/\/$/, "");
        people[id] = a.textContent;
      });
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "anyone";
      who.appendChild(any);
      Object.keys(people).sort(function (a, b) { return people[a].localeCompare(people[b]); }).forEach(function (id) {
        var o = document.createElement("option");
        o.value = id;
        o.textContent = people[id];
        who.appendChild(o);
      });
      whoLabel.appendChild(who);

      var onlyLabel = document.createElement("label");
      var only = document.createElement("input");
      only.type = "checkbox";
      only.id = "calendar-only";
      onlyLabel.appendChild(only);
      onlyLabel.appendChild(document.createTextNode(" only messages in the edition"));

      var status = document.createElement("p");
      status.id = "calendar-status";
      status.setAttribute("role", "status");

      form.appendChild(textLabel);
      form.appendChild(whoLabel);
      form.appendChild(onlyLabel);
      controls.appendChild(form);
      controls.appendChild(status);
      controls.hidden = false;

      var apply = function () {
        var q = text.value.trim().toLowerCase();
        var person = who.value;
        var shown = 0;
        rows.forEach(function (row) {
          var ok = (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
                   (!person || (" " + row.getAttribute("data-people") + " ").indexOf(" " + person + " ") >= 0) &&
                   (!only.checked || row.classList.contains("in-edition"));
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        status.textContent = shown + " of " + rows.length + " messages shown";
      };
      text.addEventListener("input", apply);
      who.addEventListener("change", apply);
      only.addEventListener("change", apply);
      apply();
    }

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = function (row) {
          return kind === "date" ? row.getAttribute("data-date") : row.cells[index].textContent.trim().toLowerCase();
        };
        var sorted = original.slice().sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        sorted.forEach(function (row) { tbody.appendChild(row); });
        rows = sorted;
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
