"""Shared fixtures: the example edition built once per session, a local HTTP server, Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
from html import unescape
from pathlib import Path

import pytest

from edition.pipeline import BuildOptions, build
from edition.serve import make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SUBPATH = "/edition-test/"


@pytest.fixture(scope="session", autouse=True)
def seed_cache_of_the_session(tmp_path_factory):
    """Builds in the tests keep their parses in a folder of the test session, not in ~/.cache."""
    folder = tmp_path_factory.mktemp("seed-cache")
    old = os.environ.get("EDITION_CACHE_DIR")
    os.environ["EDITION_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("EDITION_CACHE_DIR", None)
    else:
        os.environ["EDITION_CACHE_DIR"] = old


def build_example(out: Path, base_url: str | None = None, project: Path = ROOT):
    result = build(BuildOptions(project=project, out=out, base_url=base_url, jobs=1))
    assert result.written, "\n".join(d.format() for d in result.diagnostics)
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The example edition built at the root of a domain."""
    out = tmp_path_factory.mktemp("site") / "_site"
    build_example(out)
    return out


@pytest.fixture(scope="session")
def documents(site) -> list[dict]:
    return json.loads((site / "data" / "documents.json").read_text("utf-8"))["documents"]


def page_text(html: str) -> str:
    """The text a reader sees (and Ctrl+F finds), without tags."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return unescape(html)


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory) -> Path:
    """The example edition built for https://example.org/edition-test/."""
    out = tmp_path_factory.mktemp("subsite") / "_site"
    build_example(out, base_url="http://127.0.0.1" + SUBPATH)
    return out


@pytest.fixture(scope="session")
def server(subpath_site):
    """The sub-path site served over HTTP, as GitHub Pages would; yields its base URL."""
    httpd = make_server(subpath_site, SUBPATH, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium; run scripts/test.sh, "
                    "which installs it (browser tests are never skipped)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def copy_project(tmp: Path) -> Path:
    """A writable copy of the example edition, for tests that break it on purpose."""
    dest = tmp / "project"
    dest.mkdir()
    for name in ("site.yaml",):
        shutil.copy(ROOT / name, dest / name)
    for name in ("seeds", "content"):
        shutil.copytree(ROOT / name, dest / name)
    return dest
