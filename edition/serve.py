"""Local preview: serve the built site under its base path and rebuild when an input changes."""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path

from .diagnostics import has_errors, sort_unique
from .pipeline import BuildOptions
from .preview import Preview
from .render import TOOL_ROOT

WATCHED = ("seeds", "content", "templates", "assets", "site.yaml")


def snapshot(project: Path) -> dict[str, float]:
    """Modification times of every input file, to notice changes without extra packages."""
    stamps: dict[str, float] = {}
    for name in WATCHED:
        root = project / name
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for file in files:
            try:
                stamps[str(file)] = file.stat().st_mtime
            except OSError:
                pass
    return stamps


RELOAD_SCRIPT = TOOL_ROOT / "assets" / "preview-reload.js"
PREVIEW = "__preview/"


class Handler(http.server.SimpleHTTPRequestHandler):
    base_path = "/"
    preview = None          # the Preview being served, when pages should reload themselves

    def translate_path(self, path: str) -> str:
        # Serve the site under its base path, as GitHub Pages would.
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        elif self.base_path != "/":
            path = "/__outside_base_path__"
        return super().translate_path(path)

    def do_GET(self):
        if self.preview is not None and self.path.startswith(self.base_path + PREVIEW):
            return self._preview_file(self.path[len(self.base_path + PREVIEW):])
        if self.preview is not None and self._wants_html():
            return self._html_with_reload()
        return super().do_GET()

    def _wants_html(self) -> bool:
        path = self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0])
        return path.endswith(".html") or os.path.isdir(path)

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _preview_file(self, name: str) -> None:
        if name.startswith("version"):
            return self._send(200, str(self.preview.version).encode(), "text/plain; charset=utf-8")
        if name == "reload.js":
            return self._send(200, RELOAD_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        return self.send_error(404)

    def _html_with_reload(self) -> None:
        path = self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0])
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()      # let the base class redirect to the slash form
            path = os.path.join(path, "index.html")
        try:
            body = Path(path).read_bytes()
        except OSError:
            return self.send_error(404)
        tag = (f'<script src="{self.base_path}{PREVIEW}reload.js" '
               f'data-version-url="{self.base_path}{PREVIEW}version" defer></script></head>').encode()
        self._send(200, body.replace(b"</head>", tag, 1), "text/html; charset=utf-8")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def make_server(out: Path, base_path: str, host: str, port: int, preview=None) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(type("SiteHandler", (Handler,), {"base_path": base_path, "preview": preview}),
                                directory=str(out))
    return http.server.ThreadingHTTPServer((host, port), handler)


def _changed(before: dict[str, float], after: dict[str, float]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def serve(options: BuildOptions, host: str, port: int, report) -> int:
    """Build, serve, and keep the site up to date: quick rebuilds of what changed; pages reload themselves.

    `report(result)` prints the summary of the first, full build.
    """
    from .config import load_config
    config, _ = load_config(options.project, options.base_url)
    base_path = config.base_path
    preview = Preview(options)
    stamps = snapshot(options.project)
    first = preview.full()
    report(first)
    try:
        server = make_server(options.out, base_path, host, port, preview)
    except OSError as exc:
        print(f"error[serve-port]: cannot listen on {host}:{port} ({exc.strerror}); try --port {port + 1}",
              file=sys.stderr)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"\n  serving {options.out} at http://{host}:{port}{base_path}", file=sys.stderr)
    print("  watching seeds/, content/, templates/, assets/ and site.yaml; pages reload after each "
          "rebuild; Ctrl+C stops", file=sys.stderr)
    full_needed = not first.written
    if full_needed:
        print("  (the first build failed: fix the problems above, the site rebuilds on save)", file=sys.stderr)
    assets = str(options.project / "assets")
    try:
        while True:
            time.sleep(0.3)
            now = snapshot(options.project)
            changed = _changed(stamps, now)
            if not changed:
                continue
            stamps = now
            if full_needed or any(k.startswith(assets) for k in changed):
                result = preview.full()      # assets are copied by a full build only
                diags, seconds = result.diagnostics, sum(result.seconds.values())
                state = "rebuilt" if result.written else "NOT rebuilt (errors above)"
                full_needed = not result.written
            else:
                diags, count, seconds = preview.update()
                state = ("NOT updated (errors above)" if has_errors(diags, options.strict)
                         else f"updated, {count} document page(s) re-rendered")
            for d in sort_unique(diags):
                print(d.format(), file=sys.stderr)
            print(f"  {state} in {seconds:.2f} s", file=sys.stderr)
    except KeyboardInterrupt:
        server.shutdown()
        return 0
