"""Command line: parse arguments, run the pipeline, print diagnostics and a summary, exit 0/1."""
from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .diagnostics import has_errors, sort_unique, summary_counts
from .pipeline import BuildOptions, BuildResult, build, check
from .render import TOOL_ROOT

DESCRIPTION = """\
Build a digital edition of correspondence from transcriptions (seeds/) and an
editorial layer (content/, site.yaml) into a static website.

commands:
  build   read, check and write the site (the default)
  serve   build, then serve the site locally and rebuild when a file changes
  check   read and check everything, print the problems, write nothing

Every problem is printed as  path:line: severity[code]: what is wrong and what to do.
Errors stop the build and leave the previous site untouched; --strict makes
warnings stop it too. Exit status: 0 on success, 1 on errors, 2 on bad usage.
"""


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="the edition folder holding site.yaml, seeds/ and content/ (default: current folder)")
    common.add_argument("--out", type=Path, metavar="DIR",
                        help="where to write the site (default: DIR/_site)")
    common.add_argument("--base-url", metavar="URL",
                        help="the address the site will live at, e.g. https://USER.github.io/REPO/ "
                             "(default: base_url in site.yaml, else /)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--jobs", type=int, metavar="N", help="worker processes for parsing (default: all cores)")
    common.add_argument("--no-search", action="store_true",
                        help="skip the search index (quicker previews; the search page then finds nothing)")
    common.add_argument("--no-cache", action="store_true",
                        help="parse every seed afresh; by default a build reuses the parses of seeds whose bytes, "
                             "registers and tool version are unchanged, kept in ~/.cache/correspondence-edition "
                             "(or $EDITION_CACHE_DIR)")
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION, parents=[common],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="{build,serve,check}")
    sub.add_parser("build", parents=[common], help="build the site (default)")
    serve = sub.add_parser("serve", parents=[common], help="build, serve locally, rebuild on change")
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sub.add_parser("check", parents=[common], help="only read and check; write nothing")
    return p


def options_from(args: argparse.Namespace) -> BuildOptions:
    project = args.project.resolve()
    out = (args.out or project / "_site").resolve()
    return BuildOptions(project=project, out=out, base_url=args.base_url, strict=args.strict, jobs=args.jobs,
                        search=not args.no_search, cache=not args.no_cache)


def serve_command(options: BuildOptions) -> str:
    """The command that serves this very site: the project and output folder as given."""
    here = Path.cwd().resolve()

    def shown(path: Path) -> str:      # relative to where the command was run, when it is below it
        path = path.absolute()
        return shlex.quote(str(path.relative_to(here)) if path.is_relative_to(here) else str(path))
    parts = [f"{shown(Path(sys.executable))} {shown(TOOL_ROOT / 'build.py')} serve"]
    if options.project != here:
        parts.append(f"--project {shlex.quote(str(options.project))}")
    if options.out != options.project / "_site":
        parts.append(f"--out {shlex.quote(str(options.out))}")
    return " ".join(parts)


def print_report(result: BuildResult, options: BuildOptions, command: str) -> None:
    diags = sort_unique(result.diagnostics)
    for d in diags:
        print(d.format(), file=sys.stderr)
    errors, warnings = summary_counts(diags)
    docs = len(result.edition.documents) if result.edition else 0
    print("", file=sys.stderr)
    print(f"  documents: {docs}", file=sys.stderr)
    print(f"  problems:  {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if command == "check":
        verdict = "would fail" if has_errors(diags, options.strict) else "ok"
        print(f"  check:     {verdict} (nothing written)", file=sys.stderr)
    elif result.written:
        print(f"  site:      {options.out} ({result.pages} pages, {result.bytes // 1024} KiB)", file=sys.stderr)
        if command != "serve":
            print(f"  view it:   {serve_command(options)}  (then open the address it prints)", file=sys.stderr)
    else:
        why = "warnings with --strict" if not has_errors(diags) else "errors"
        print(f"  site:      NOT written because of {why}; the previous site is unchanged", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    options = options_from(args)
    if not (options.project / "site.yaml").exists() and not (options.project / "seeds").exists():
        print(f"{options.project}: error[no-project]: this folder has no site.yaml and no seeds/; "
              "run from an edition folder or pass --project DIR", file=sys.stderr)
        return 1
    progress = None if args.quiet else _progress_printer()
    try:
        if command == "check":
            result = check(options, progress)
            print_report(result, options, command)
            return 1 if has_errors(result.diagnostics, options.strict) else 0
        if command == "serve":
            from .serve import serve
            return serve(options, args.host, args.port, report=lambda result: print_report(result, options, "serve"))
        result = build(options, progress)
        print_report(result, options, command)
        return 0 if result.written else 1
    except KeyboardInterrupt:
        print("\ninterrupted; the previous site is unchanged", file=sys.stderr)
        return 130


def _progress_printer():
    count = {"n": 0}

    def progress(name: str) -> None:
        count["n"] += 1
        if sys.stderr.isatty():
            print(f"\r  reading seeds: {count['n']}", end="", file=sys.stderr, flush=True)
    return progress
