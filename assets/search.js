// The search page: our own interface on Pagefind's JS API (pagefind/pagefind.js, written by the build).
// Loaded from a file and the bundle with import(): the pages' CSP allows no inline script.
// Without JavaScript, or when the index cannot load, the page says so and links to the list of documents.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;

  // Filters of document.html, in the order shown; an editor's new filter is appended under its own name.
  var FILTERS = [
    ["sender", "From"], ["recipient", "To"], ["correspondent", "Correspondent (from or to)"],
    ["year", "Year"], ["month", "Month"], ["type", "Type of document"],
    ["classification", "Classification"], ["collection", "Source collection"]
  ];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var PAGE_SIZE = 20;
  var HIGHLIGHT = "pagefind-highlight";

  var unavailable = document.getElementById("search-unavailable");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort");
  var filtersBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = null;
  var pagefind = null;
  var parts = [];     // the index: {index: a Pagefind instance, dated: holds documents}, main part first
  var searchId = 0, timer = 0;
  var current = { results: [], shown: 0, terms: [] };

  function labelFor(key) {
    for (var i = 0; i < FILTERS.length; i++) if (FILTERS[i][0] === key) return FILTERS[i][1];
    return key.charAt(0).toUpperCase() + key.slice(1).replace(/[-_]/g, " ");
  }

  function valueLabel(key, value) {
    var m = /^(\d{4})-(\d{2})$/.exec(value);
    if (key === "month" && m && +m[2] >= 1 && +m[2] <= 12) return MONTHS[+m[2] - 1] + " " + m[1];
    if (key === "type") return value.charAt(0).toUpperCase() + value.slice(1);
    return value;
  }

  // ---------------------------------------------------------------- filters

  function filterKeys(filters) {
    var known = FILTERS.map(function (f) { return f[0]; });
    var extra = Object.keys(filters).filter(function (k) { return known.indexOf(k) < 0; }).sort();
    return known.concat(extra).filter(function (k) { return filters[k] && Object.keys(filters[k]).length; });
  }

  // One collapsed group per filter, so that the keyboard reaches the results past a few summaries
  // rather than every value; a group opens by itself when the address chose one of its values.
  function buildFilters(filters) {
    filterKeys(filters).forEach(function (key) {
      var group = document.createElement("details");
      group.className = "search-filter";
      var summary = document.createElement("summary");
      summary.textContent = labelFor(key);
      summary.appendChild(span("search-filter-chosen", ""));
      group.appendChild(summary);
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.className = "visually-hidden";
      legend.textContent = labelFor(key);
      fieldset.appendChild(legend);
      var values = Object.keys(filters[key]).sort(function (a, b) {
        return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
      });
      values.forEach(function (value, i) {
        var id = "filter-" + key.replace(/[^\w-]/g, "_") + "-" + i;
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.name = key;
        box.value = value;
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = valueLabel(key, value) + " ";
        var count = document.createElement("span");
        count.className = "search-filter-count";
        count.textContent = "(" + filters[key][value] + ")";
        label.appendChild(count);
        var row = document.createElement("div");
        row.className = "search-filter-option";
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      group.appendChild(fieldset);
      filtersBox.appendChild(group);
    });
  }

  function showChosen() {
    filtersBox.querySelectorAll("details.search-filter").forEach(function (group) {
      var n = group.querySelectorAll("input:checked").length;
      group.querySelector(".search-filter-chosen").textContent = n ? " (" + n + " chosen)" : "";
    });
  }

  // Values of one filter widen the search (any of them); different filters narrow it (all of them).
  function chosenFilters() {
    var chosen = {};
    filtersBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || { any: [] }).any.push(box.value);
    });
    return chosen;
  }

  // ---------------------------------------------------------------- the address bar

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (["asc", "desc"].indexOf(params.get("sort")) >= 0) sortSelect.value = params.get("sort");
    filtersBox.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = params.getAll("f-" + box.name).indexOf(box.value) >= 0;
      if (box.checked) box.closest("details").open = true;
    });
  }

  function writeUrl(query, filters, sort) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (sort) params.set("sort", sort);
    Object.keys(filters).forEach(function (key) {
      filters[key].any.forEach(function (value) { params.append("f-" + key, value); });
    });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  // ---------------------------------------------------------------- searching

  // Words and "quoted phrases" of the query, for marking them on the page a result opens.
  function highlightTerms(query) {
    var terms = [];
    query.replace(/"([^"]+)"|(\S+)/g, function (_, phrase, word) {
      var term = (phrase || word).replace(/"/g, "").trim();
      if (term) terms.push(term);
    });
    return terms;
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var sort = sortSelect.value;
    writeUrl(query, filters, sort);
    showChosen();
    var id = ++searchId;
    if (!query && !Object.keys(filters).length) {
      show(id, [], []);
      status.textContent = "Type a word or a phrase, or choose a filter.";
      list.removeAttribute("aria-busy");
      return;
    }
    list.setAttribute("aria-busy", "true");
    var options = { filters: filters };
    if (sort) options.sort = { date: sort };
    searchParts(query || null, options).then(function (results) {
      if (id !== searchId) return;   // a newer search has started
      return show(id, results, highlightTerms(query)).then(function () {
        // Announced once the entries are on the page.
        if (id !== searchId) return;
        status.textContent = summary(results.length, query, Object.keys(filters).length > 0);
        list.removeAttribute("aria-busy");
      });
    }).catch(function (err) {
      status.textContent = "The search failed (" + err.message + "). Reload the page to try again.";
      list.removeAttribute("aria-busy");
    });
  }

  function summary(count, query, filtered) {
    var what = query ? " for “" + query + "”" : "";
    var how = filtered ? " with the chosen filters" : "";
    if (!count) return "Nothing found" + what + how + ". Check the spelling, use fewer words, or clear a filter.";
    return (count === 1 ? "1 result" : count + " results") + what + how + ".";
  }

  function show(id, results, terms) {
    current = { id: id, results: results, shown: 0, terms: terms };
    list.textContent = "";
    return showMore(false);
  }

  function showMore(focusFirst) {
    var start = current.shown, id = current.id;
    var page = current.results.slice(start, start + PAGE_SIZE);
    current.shown += page.length;
    if (more) more.hidden = true;
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (items) {
      if (id !== current.id) return;
      items.forEach(function (item, i) {
        var entry = resultEntry(item);
        list.appendChild(entry);
        if (focusFirst && i === 0) entry.querySelector("a").focus();
      });
      moreButton(current.results.length - current.shown);
    });
  }

  function moreButton(left) {
    if (!more) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "search-more";
      more.addEventListener("click", function () { showMore(true); });
      list.parentNode.insertBefore(more, list.nextSibling);
    }
    more.hidden = left <= 0;
    more.textContent = "Show " + Math.min(left, PAGE_SIZE) + " more of " + left + " remaining";
  }

  // ---------------------------------------------------------------- one result

  function resultEntry(item) {
    var meta = item.meta || {};
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = resultUrl(item.url, current.terms);
    link.textContent = meta.title || item.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var facts = document.createElement("p");
    facts.className = "search-result-meta";
    if (meta.date) facts.appendChild(span("search-result-date", meta.date));
    if (meta.from || meta.to) {
      if (meta.date) facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(span("visually-hidden", "from "));
      facts.appendChild(document.createTextNode(meta.from || "—"));
      var arrow = span("search-result-arrow", " → ");
      arrow.setAttribute("aria-hidden", "true");
      facts.appendChild(arrow);
      facts.appendChild(span("visually-hidden", " to "));
      facts.appendChild(document.createTextNode(meta.to || "—"));
    }
    if (facts.childNodes.length) li.appendChild(facts);
    var excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.appendChild(safeExcerpt(item.excerpt || ""));
    li.appendChild(excerpt);
    return li;
  }

  function span(className, text) {
    var s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    return s;
  }

  function resultUrl(url, terms) {
    var target = new URL(url, location.href);
    terms.forEach(function (t) { target.searchParams.append(HIGHLIGHT, t); });
    return target.pathname + target.search + target.hash;
  }

  // Pagefind's excerpt is HTML with <mark> around the hits. Keep the text and the marks, nothing else:
  // the words come from the transcriptions, which may contain anything.
  function safeExcerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var out = document.createDocumentFragment();
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === 3) to.appendChild(document.createTextNode(node.nodeValue));
        else if (node.nodeType === 1 && node.nodeName === "MARK") copy(node, to.appendChild(document.createElement("mark")));
        else if (node.nodeType === 1) copy(node, to);
      });
    })(parsed, out);
    return out;
  }

  // ---------------------------------------------------------------- start

  function failed(err) {
    root.hidden = true;
    unavailable.hidden = false;
    unavailable.insertBefore(document.createTextNode("The search index could not be loaded (" +
      (err && err.message || err) + "). "), unavailable.firstChild);
  }

  // ---------------------------------------------------------------- the index, in one part or several

  // A large edition is indexed in parts (edition/search.py); the main bundle lists the others in
  // chunks.json. Each part is searched with its own copy of Pagefind (its bundle's pagefind.js, a
  // module of its own: Pagefind keeps its WebAssembly state per module, so instances made with
  // createInstance in one module overwrite each other) and the results are joined here. Pagefind's
  // mergeIndex is not used: its merged search orders every result by score (losing a date sort)
  // and cannot tell which part a result came from, and a part that lacks a word answers with the
  // longest prefix of it that it holds ("V." for "Vladivostok"), which one index never does.
  function openParts(bundle, base) {
    return fetch(bundle + "chunks.json").then(function (response) {
      if (!response.ok) throw new Error("chunks.json: HTTP " + response.status);
      return response.json();
    }).then(function (manifest) {
      var dated = manifest.dated || [];
      parts = [{ index: pagefind, dated: dated.indexOf(bundle.slice(base.length)) >= 0 }].concat(
        (manifest.bundles || []).map(function (path) { return { index: null, dated: dated.indexOf(path) >= 0, path: path }; }));
      return Promise.all(parts.slice(1).map(function (part) {
        return import(base + part.path + "pagefind.js").then(function (module) {
          part.index = module;
          return module.options({ baseUrl: base });
        });
      }));
    });
  }

  // Filter values with their counts summed over the parts.
  function allFilters() {
    return Promise.all(parts.map(function (part) { return part.index.filters(); })).then(function (each) {
      var merged = {};
      each.forEach(function (filters) {
        Object.keys(filters || {}).forEach(function (key) {
          var into = merged[key] = merged[key] || {};
          Object.keys(filters[key]).forEach(function (value) {
            into[value] = (into[value] || 0) + filters[key][value];
          });
        });
      });
      return merged;
    });
  }

  // The results of every part: by score, or for a date sort the parts that hold documents (slices
  // in date order; pages without a date drop out of a sorted search, as with one index) one after another.
  function searchParts(query, options) {
    var used = options.sort ? parts.filter(function (part) { return part.dated || parts.length === 1; }) : parts;
    return Promise.all(used.map(function (part) { return part.index.search(query, options); })).then(function (searches) {
      return parts.length === 1 ? searches : withoutGuesses(query, used, searches);
    }).then(function (searches) {
      var results = [].concat.apply([], searches.map(function (s) { return s.results; }));
      if (!options.sort) return results.sort(function (a, b) { return b.score - a.score; });
      return options.sort.date === "desc" ? [].concat.apply([], searches.reverse().map(function (s) { return s.results; })) : results;
    });
  }

  // Drop the parts that found a word only by its prefix while another part holds the word itself.
  // An exact search ("word" in quotes) never falls back on a prefix, so it shows which parts hold it.
  function withoutGuesses(query, used, searches) {
    var words = [];
    query && query.replace(/"[^"]*"|(\S+)/g, function (_, word) { if (word) words.push(word.replace(/"/g, "")); });
    words = words.filter(Boolean);
    var asking = used.map(function (part, i) { return searches[i].results.length > 0; });
    if (!words.length || asking.filter(Boolean).length < 2) return Promise.resolve(searches);
    return Promise.all(words.map(function (word) {
      return Promise.all(used.map(function (part, i) {
        return asking[i] ? part.index.search('"' + word + '"').then(function (s) { return s.results.length > 0; }) : false;
      }));
    })).then(function (holding) {
      return searches.map(function (search, i) {
        var guessed = holding.some(function (parts) { return !parts[i] && parts.indexOf(true) >= 0; });
        return guessed ? { results: [] } : search;
      });
    });
  }

  function start() {
    unavailable.hidden = true;
    root.hidden = false;
    status.textContent = "Loading the search index…";
    var bundle = root.getAttribute("data-bundle"), base = root.getAttribute("data-base");
    import(bundle + "pagefind.js").then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: base });
    }).then(function () {
      return openParts(bundle, base);
    }).then(function () {
      return allFilters();
    }).then(function (filters) {
      buildFilters(filters || {});
      readUrl();
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        run();
      });
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(run, 300);
      });
      sortSelect.addEventListener("change", run);
      filtersBox.addEventListener("change", run);
      run();
    }).catch(failed);
  }

  start();
})();
