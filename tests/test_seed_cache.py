"""`build` keeps seeds' parses between builds (edition/seed_cache.py): same bytes, less work."""
from __future__ import annotations

import hashlib

from conftest import copy_project
from edition import loader
from edition.pipeline import BuildOptions, build
from edition.seed_cache import SeedCache, cache_root


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def parsed_seeds(monkeypatch) -> list[str]:
    """Record the seeds each build parses (one process: jobs=1)."""
    seen: list[str] = []
    real = loader.parse_seed

    def spy(project, name, *args, **kwargs):
        seen.append(name)
        return real(project, name, *args, **kwargs)
    monkeypatch.setattr(loader, "parse_seed", spy)
    return seen


def options(project, out, **kw):
    return BuildOptions(project=project, out=out, jobs=1, search=False, **kw)


def test_a_second_build_parses_nothing_and_writes_the_same_bytes(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    seen = parsed_seeds(monkeypatch)
    assert build(options(project, tmp_path / "first")).written
    assert len(seen) == 4
    seen.clear()
    assert build(options(project, tmp_path / "second")).written
    assert seen == []
    assert build(options(project, tmp_path / "fresh", cache=False)).written
    assert seen == sorted(seen) and len(seen) == 4
    assert digest(tmp_path / "second") == digest(tmp_path / "first") == digest(tmp_path / "fresh")


def test_what_a_parse_depends_on_makes_it_stale(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    seen = parsed_seeds(monkeypatch)
    assert build(options(project, tmp_path / "site")).written
    # a seed's bytes: only that seed is parsed again
    seed = project / "seeds" / "003_13af5c4e883cadec.txt"
    seed.write_bytes(seed.read_bytes().replace(b"Staff", b"Staff ", 1))
    seen.clear()
    assert build(options(project, tmp_path / "site")).written
    assert seen == [seed.name]
    # the registers: names are linked while parsing, so every seed
    persons = project / "content" / "persons.yaml"
    persons.write_text(persons.read_text("utf-8") + "\n", "utf-8")
    seen.clear()
    assert build(options(project, tmp_path / "site")).written
    assert len(seen) == 4
    # a damaged entry is parsed again, not a failed build
    for entry in SeedCache(project).folder.glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:40])
    seen.clear()
    assert build(options(project, tmp_path / "site")).written
    assert len(seen) == 4


def test_the_cache_lives_outside_the_project(tmp_path):
    project = copy_project(tmp_path)
    assert build(options(project, tmp_path / "site")).written
    folder = SeedCache(project).folder
    assert folder.is_relative_to(cache_root()) and not folder.is_relative_to(project)
    assert len(list(folder.glob("*.pickle"))) == 4
    (project / "seeds" / "003_13af5c4e883cadec.txt").unlink()
    build(options(project, tmp_path / "site"))
    assert len(list(folder.glob("*.pickle"))) == 3      # a seed gone is forgotten
