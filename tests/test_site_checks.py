"""The built site is whole and self-contained, at the root and under a sub-path.

Static checks on every HTML file: every internal href/src/action resolves to a file (a directory
URL to its index.html), every #anchor exists in its target page, every id reference (aria-*,
for, popovertarget …) exists in its page, no id is used twice, nothing is loaded from another host,
and a Content-Security-Policy allowing nothing from other hosts and no inline script comes first.
References that assets/edition.js creates at runtime are checked in Chromium (the browser test
below), with console errors, failed requests and requests to other hosts.
"""
from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT, SUBPATH

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data-bundle")
ID_LIST_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-flowto",
                      "aria-details", "aria-errormessage", "headers")
ID_ATTRIBUTES = ("aria-activedescendant", "for", "popovertarget", "form", "list", "commandfor")
FETCHED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}
DATA_SCRIPTS = ("application/ld+json", "application/json")
# Content-Security-Policy source expressions a page may use: its own origin, data: images, and the
# WebAssembly compilation Pagefind needs. Anything else (a host, *, 'unsafe-inline', a nonce or
# hash that would let inline script run) fails.
CSP_ALLOWED = {"'self'", "'none'", "'wasm-unsafe-eval'", "data:"}
INVALID_ORIGIN = "http://site.invalid"


# ---------------------------------------------------------------- reading pages

@dataclass
class Page:
    path: str                       # relative to the site root, "/"-separated
    ids: list[str] = field(default_factory=list)
    elements: list[tuple[str, dict[str, str], int]] = field(default_factory=list)   # tag, attributes, line
    scripts: list[str] = field(default_factory=list)                                 # text of <script>s
    styles: int = 0                                                                  # <style> elements


class PageParser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        self.page.elements.append((tag, values, self.getpos()[0]))
        if "id" in values:
            self.page.ids.append(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.append(values["name"])
        if tag == "script":
            self.in_script = True
            self.page.scripts.append("")
        self.page.styles += tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_script = self.in_script and tag != "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.page.scripts[-1] += data


def read_page(root: Path, file: Path) -> Page:
    page = Page(file.relative_to(root).as_posix())
    PageParser(page).feed(file.read_text("utf-8"))
    return page


def page_url(base_path: str, path: str) -> str:
    return base_path + (path[: -len("index.html")] if path.endswith("index.html") else path)


# ---------------------------------------------------------------- what may point elsewhere

@dataclass(frozen=True)
class External:
    """The rule for links to other hosts: only what editors wrote, and metadata nobody fetches."""
    editor_urls: frozenset[str]          # URLs written in content/*.md, content/*.yaml, site.yaml
    authority_ids: frozenset[str]        # wikidata/viaf ids in the registers (content/*.yaml)

    @classmethod
    def of(cls, project: Path) -> "External":
        texts = [p.read_text("utf-8") for p in [project / "site.yaml", *sorted((project / "content").glob("*"))]
                 if p.is_file() and p.suffix in (".md", ".yaml")]
        urls = {u.rstrip(".,;") for t in texts for u in re.findall(r"https?://[^\s<>\"')\]]+", t)}
        ids = {m for t in texts for m in re.findall(r"^\s*(?:wikidata|viaf):\s*\"?([A-Za-z0-9]+)\"?\s*$", t, re.M)}
        return cls(frozenset(urls), frozenset(ids))

    def allows(self, tag: str, attrs: dict[str, str], url: str) -> bool:
        rel = set(attrs.get("rel", "").lower().split())
        if tag == "link" and "canonical" in rel:
            return True                              # names the page's address; not fetched
        if tag == "link" and rel and all(r.startswith("schema.") for r in rel):
            return True                              # a metadata vocabulary's name (Dublin Core); not fetched
        if tag != "a":
            return False                             # scripts, styles, images, forms: never from elsewhere
        if url in self.editor_urls:
            return True
        parts = urlsplit(url)
        return parts.netloc in ("www.wikidata.org", "viaf.org") and parts.path.rsplit("/", 1)[-1] in self.authority_ids


# ---------------------------------------------------------------- the checker

class SiteChecker:
    def __init__(self, root: Path, base_path: str = "/", absolute_base: str = "",
                 external: External = External(frozenset(), frozenset())):
        self.root, self.base, self.absolute, self.external = root, base_path, absolute_base, external
        self.pages = {p.relative_to(root).as_posix(): read_page(root, p) for p in sorted(root.rglob("*.html"))}
        self.problems: list[str] = []

    def problem(self, page: Page, line: int, message: str) -> None:
        self.problems.append(f"{page.path}:{line}: {message}")

    def run(self) -> list[str]:
        for page in self.pages.values():
            self.check_ids(page)
            self.check_references(page)
            self.check_policy(page)
        self.check_css()
        return self.problems

    # -- ids and id references inside a page
    def check_ids(self, page: Page) -> None:
        seen = set()
        for tag, attrs, line in page.elements:
            if "id" in attrs:
                if attrs["id"] in seen:
                    self.problem(page, line, f'id "{attrs["id"]}" is used twice')
                seen.add(attrs["id"])
            for name in ID_LIST_ATTRIBUTES + ID_ATTRIBUTES:
                refs = attrs.get(name, "").split() if name in ID_LIST_ATTRIBUTES else [attrs.get(name, "")]
                for ref in refs:
                    if ref and ref not in page.ids:
                        self.problem(page, line, f'<{tag} {name}="{ref}"> names no element of the page')

    # -- links and sources
    def check_references(self, page: Page) -> None:
        here = page_url(self.base, page.path)
        for tag, attrs, line in page.elements:
            for name in URL_ATTRIBUTES:
                if name in attrs:
                    self.check_url(page, line, tag, attrs, name, attrs[name], here)

    def check_url(self, page: Page, line: int, tag: str, attrs: dict, name: str, raw: str, here: str) -> None:
        where = f'<{tag} {name}="{raw}">'
        value = raw.strip()
        if not value:
            return self.problem(page, line, f"{where}: empty address")
        if self.absolute and value.startswith(self.absolute):
            value = self.base + value[len(self.absolute):]
        parts = urlsplit(urljoin(INVALID_ORIGIN + here, value))
        if parts.scheme == "mailto" and tag == "a":
            return
        if f"{parts.scheme}://{parts.netloc}" != INVALID_ORIGIN:
            if parts.scheme not in ("http", "https") or not self.external.allows(tag, attrs, value):
                self.problem(page, line, f"{where}: points to another host or scheme")
            return
        if page.path == "404.html" and not value.startswith(("/", "#")):
            self.problem(page, line, f"{where}: a relative address on the 404 page breaks at deeper URLs")
        if not parts.path.startswith(self.base):
            return self.problem(page, line, f"{where}: outside the site's base path {self.base}")
        rel = unquote(parts.path[len(self.base):])
        target = self.root / rel
        if name == "data-bundle":                    # a folder a script fetches files from
            if not target.is_dir():
                self.problem(page, line, f"{where}: no such folder {rel}")
            return
        if target.is_dir():
            if rel and not rel.endswith("/"):
                return self.problem(page, line, f"{where}: a folder's address must end with /")
            rel, target = rel + "index.html", target / "index.html"
        if ".." in Path(rel).parts or not target.is_file():
            return self.problem(page, line, f"{where}: no such file {rel or 'index.html'}")
        if parts.fragment and rel.endswith(".html"):
            anchor = unquote(parts.fragment)
            if anchor not in self.pages[rel].ids:
                self.problem(page, line, f'{where}: {rel} has no element with id "{anchor}"')

    # -- Content-Security-Policy and what it forbids
    def check_policy(self, page: Page) -> None:
        policies = [(i, a.get("content", "")) for i, (t, a, _) in enumerate(page.elements)
                    if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        if not policies:
            return self.problem(page, 1, "no Content-Security-Policy meta element")
        index, policy = policies[0]
        first_resource = next((i for i, (t, a, _) in enumerate(page.elements)
                               if t in ("script", "style") or (t == "link" and set(a.get("rel", "").split()) & FETCHED_LINKS)),
                              len(page.elements))
        if first_resource < index:
            self.problem(page, page.elements[index][2], "the policy comes after a script or style it should cover")
        directives = {}
        for part in filter(None, (p.strip() for p in policy.split(";"))):
            name, *sources = part.split()
            directives[name.lower()] = sources
            bad = [s for s in sources if s not in CSP_ALLOWED or (s == "data:" and name != "img-src")]
            if bad:
                self.problem(page, page.elements[index][2], f"policy {name} allows {' '.join(bad)}")
        if directives.get("default-src") not in (["'self'"], ["'none'"]):
            self.problem(page, page.elements[index][2], "policy has no default-src 'self' or 'none'")
        for tag, attrs, line in page.elements:
            if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_SCRIPTS:
                self.problem(page, line, "inline <script> (the policy blocks it)")
            if "style" in attrs:
                self.problem(page, line, f"<{tag} style=…> (the policy blocks inline style)")
            for name in attrs:
                if name.startswith("on"):
                    self.problem(page, line, f"<{tag} {name}=…> (the policy blocks inline handlers)")
        if page.styles:
            self.problem(page, 1, "<style> element (the policy blocks inline style)")

    # -- stylesheets: url(…) stays inside the site
    def check_css(self) -> None:
        for css in sorted(self.root.rglob("*.css")):
            rel = css.relative_to(self.root).as_posix()
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text("utf-8")):
                if ref.startswith("data:"):
                    continue
                parts = urlsplit(urljoin(INVALID_ORIGIN + self.base + rel, ref))
                target = self.root / unquote(parts.path[len(self.base):])
                if f"{parts.scheme}://{parts.netloc}" != INVALID_ORIGIN or not target.is_file():
                    self.problems.append(f"{rel}: url({ref}) does not resolve inside the site")


def site_problems(root: Path, base_path: str, absolute_base: str = "") -> list[str]:
    return SiteChecker(root, base_path, absolute_base, External.of(ROOT)).run()


def data_urls_problems(root: Path, base_path: str) -> list[str]:
    """Every document's `url` in data/documents.json resolves to its page."""
    data = json.loads((root / "data" / "documents.json").read_text("utf-8"))
    return [d["url"] for d in data["documents"]
            if not d["url"].startswith(base_path) or not (root / d["url"][len(base_path):] / "index.html").is_file()]


# ---------------------------------------------------------------- the checks

def test_root_site_is_whole(site):
    assert len(list(site.rglob("*.html"))) >= 6
    problems = site_problems(site, "/")
    assert not problems, "\n".join(problems[:60])
    assert not data_urls_problems(site, "/")


def test_subpath_site_is_whole(subpath_site):
    problems = site_problems(subpath_site, SUBPATH, "http://127.0.0.1" + SUBPATH)
    assert not problems, "\n".join(problems[:60])
    assert not data_urls_problems(subpath_site, SUBPATH)


def test_the_checker_fails_on_a_broken_site(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("body { background: url(missing.png); }")
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" '
                                                   "content=\"default-src 'self'\"><p id=x>About</p>")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head>'
        '<script src="/assets/early.js"></script>'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
        "script-src 'self' 'unsafe-inline' https://cdn.example; style-src *\">"
        '<link rel="stylesheet" href="https://cdn.example/x.css"></head><body>'
        '<a href="/missing/">gone</a> <a href="/about/#nowhere">anchor</a> <a href="/about">no slash</a>'
        '<a href="#y">here</a> <a href="https://elsewhere.example/">away</a> <a href="javascript:alert(1)">js</a>'
        '<button aria-controls="ghost" popovertarget="ghost2">b</button><label for="ghost3">l</label>'
        '<p id="d">one</p><p id="d" style="color:red" onclick="x()">two</p>'
        '<img src="https://elsewhere.example/x.png" alt=""><script>alert(1)</script><style>p{}</style>'
        "</body></html>")
    (tmp_path / "404.html").write_text('<!DOCTYPE html><a href="about/">relative</a>')
    problems = "\n".join(SiteChecker(tmp_path).run())
    for expected in ("no such file missing/", 'about/index.html has no element with id "nowhere"',
                     "a folder's address must end with /", 'has no element with id "y"',
                     '<a href="https://elsewhere.example/">: points to another host',
                     '<a href="javascript:alert(1)">: points to another host or scheme',
                     '<link href="https://cdn.example/x.css">: points to another host',
                     '<img src="https://elsewhere.example/x.png">: points to another host',
                     'aria-controls="ghost"> names no element', 'popovertarget="ghost2"> names no element',
                     'for="ghost3"> names no element', 'id "d" is used twice',
                     "policy script-src allows 'unsafe-inline' https://cdn.example", "policy style-src allows *",
                     "the policy comes after a script", "inline <script>", "style=…>", "onclick=…>", "<style> element",
                     "404.html:1: <a href=\"about/\">: a relative address on the 404 page",
                     "assets/style.css: url(missing.png) does not resolve"):
        assert expected in problems, f"not reported: {expected}\n{problems}"
    (tmp_path / "about" / "index.html").write_text("<!DOCTYPE html><p>no policy</p>")
    assert "about/index.html:1: no Content-Security-Policy" in "\n".join(SiteChecker(tmp_path).run())


def test_links_elsewhere_are_allowed_only_by_rule():
    rule = External(frozenset({"https://creativecommons.org/licenses/by/4.0/"}), frozenset({"Q8007"}))
    assert rule.allows("link", {"rel": "canonical"}, "https://example.org/page/")
    assert rule.allows("link", {"rel": "schema.DC"}, "http://purl.org/dc/elements/1.1/")
    assert rule.allows("a", {}, "https://creativecommons.org/licenses/by/4.0/")
    assert rule.allows("a", {}, "https://www.wikidata.org/wiki/Q8007")
    assert not rule.allows("a", {}, "https://www.wikidata.org/wiki/Q1")
    assert not rule.allows("link", {"rel": "stylesheet"}, "https://creativecommons.org/licenses/by/4.0/")
    assert not rule.allows("script", {}, "https://creativecommons.org/licenses/by/4.0/")
    assert not rule.allows("link", {"rel": "schema.DC stylesheet"}, "http://purl.org/dc/elements/1.1/")
    assert "https://creativecommons.org/licenses/by/4.0/" in External.of(ROOT).editor_urls


# ---------------------------------------------------------------- in Chromium

def page_urls(server: str, site: Path) -> list[str]:
    """One URL per page type: home, each document family, prose and register pages, search, 404."""
    origin = "/".join(server.split("/")[:3])
    data = json.loads(urllib.request.urlopen(server + "data/documents.json").read())
    families: dict[str, str] = {}
    for d in data["documents"]:
        families.setdefault(d["family"], origin + d["url"])
    sections = [p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.glob("*/index.html"))]
    people = sorted(site.glob("persons/*/index.html"))[:1]
    return ([server, *(server + s for s in sections if s not in ("documents/",)), *families.values()]
            + [server + p.parent.relative_to(site).as_posix() + "/" for p in people]
            + [server + "search/?q=Harriman", server + "no-such-page/"])


RUNTIME_REFERENCES = """() => {
  const missing = [];
  const lists = %s, singles = %s;
  for (const el of document.querySelectorAll('*')) {
    for (const name of lists.concat(singles)) {
      const value = el.getAttribute(name);
      if (!value) continue;
      for (const id of lists.includes(name) ? value.split(/\\s+/) : [value]) {
        if (id && !document.getElementById(id)) missing.push(`<${el.tagName.toLowerCase()} ${name}="${id}">`);
      }
    }
  }
  return missing;
}""" % (json.dumps(ID_LIST_ATTRIBUTES), json.dumps(ID_ATTRIBUTES))


@pytest.mark.browser
def test_every_page_type_loads_cleanly_in_chromium(browser, server, subpath_site):
    origin = "/".join(server.split("/")[:3])
    problems, controlled = [], 0
    urls = page_urls(server, subpath_site)
    assert len(urls) >= 8
    for url in urls:
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        expected_404 = url.endswith("no-such-page/")
        page.on("console", lambda m, url=url: problems.append(f"{url}: console {m.type}: {m.text}")
                if m.type == "error" and not (expected_404 and "404" in m.text) else None)
        page.on("pageerror", lambda e, url=url: problems.append(f"{url}: uncaught {e}"))
        page.on("requestfailed", lambda r, url=url: problems.append(f"{url}: failed request {r.url} {r.failure}"))
        page.on("request", lambda r, url=url: problems.append(f"{url}: request to another host {r.url}")
                if not r.url.startswith((origin + "/", "data:", "blob:")) else None)
        page.on("response", lambda r, url=url: problems.append(f"{url}: {r.status} for {r.url}")
                if r.status >= 400 and not (expected_404 and r.url == url) else None)
        response = page.goto(url, wait_until="networkidle")
        assert response.status == (404 if expected_404 else 200), url
        controlled += page.locator("[aria-controls]").count()
        problems += [f"{url}: after scripts ran, {m} names no element" for m in page.evaluate(RUNTIME_REFERENCES)]
        problems += [f"{url}: CSP blocked {v}" for v in page.evaluate("window.__csp")]
        context.close()
    assert not problems, "\n".join(problems)
    assert controlled, "no page had aria-controls after its scripts ran: the runtime check checked nothing"
