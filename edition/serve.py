"""Local preview: serve the built site under its base path and rebuild when an input changes."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .diagnostics import sort_unique
from .pipeline import BuildOptions, build

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


class Handler(http.server.SimpleHTTPRequestHandler):
    base_path = "/"

    def translate_path(self, path: str) -> str:
        # Serve the site under its base path, as GitHub Pages would.
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        elif self.base_path != "/":
            path = "/__outside_base_path__"
        return super().translate_path(path)

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


def make_server(out: Path, base_path: str, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(type("SiteHandler", (Handler,), {"base_path": base_path}), directory=str(out))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(options: BuildOptions, host: str, port: int, first_ok: bool = True) -> int:
    from .config import load_config
    config, _ = load_config(options.project, options.base_url)
    base_path = config.base_path
    try:
        server = make_server(options.out, base_path, host, port)
    except OSError as exc:
        print(f"error[serve-port]: cannot listen on {host}:{port} ({exc.strerror}); try --port {port + 1}",
              file=sys.stderr)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"\n  serving {options.out} at http://{host}:{port}{base_path}", file=sys.stderr)
    print("  watching seeds/, content/, templates/, assets/ and site.yaml; Ctrl+C stops", file=sys.stderr)
    if not first_ok:
        print("  (the first build failed: fix the problems above, the site rebuilds on save)", file=sys.stderr)
    stamps = snapshot(options.project)
    try:
        while True:
            time.sleep(0.5)
            now = snapshot(options.project)
            if now != stamps:
                stamps = now
                started = time.perf_counter()
                result = build(options)
                for d in sort_unique(result.diagnostics):
                    print(d.format(), file=sys.stderr)
                state = "rebuilt" if result.written else "NOT rebuilt (errors above)"
                print(f"  {state} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    except KeyboardInterrupt:
        server.shutdown()
        return 0
