"""The edition's settings from `site.yaml`, typed and checked, every problem reported."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, error, warning
from .yamlio import LineMap, load_yaml

STRING_KEYS = ("title", "subtitle", "description", "base_url", "language", "publisher",
               "licence", "licence_url", "repository", "citation_title")


@dataclass(frozen=True)
class Config:
    title: str = "Untitled edition"
    subtitle: str = ""
    description: str = ""
    base_url: str = "/"
    language: str = "en"
    publisher: str = ""
    licence: str = ""
    licence_url: str = ""
    repository: str = ""
    citation_title: str = ""
    editors: tuple[str, ...] = ()
    # How alike two texts must be to count as witnesses of one text (README "Witnesses"):
    # the share of their words that agree in order, 0 to 1; written in site.yaml as text.
    witness_threshold: float = 0.7

    @property
    def base_path(self) -> str:
        """The path part of base_url, always with slashes at both ends ("/REPO/")."""
        url = self.base_url
        if "://" in url:
            url = "/" + url.split("://", 1)[1].partition("/")[2]
        return "/" + url.strip("/") + "/" if url.strip("/") else "/"

    @property
    def absolute_base(self) -> str:
        return self.base_url if "://" in self.base_url else ""


def _scheme(url: str) -> str:
    probe = re.sub(r"[\x00-\x20]", "", url).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", probe)
    return m.group(1) if m else ""


def _fraction(value) -> float | None:
    """A number from 0 to 1 written as text ("0.7"); None for anything else."""
    try:
        number = float(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None
    return number if number is not None and 0.0 <= number <= 1.0 else None


def load_config(project: Path, base_url: str | None = None) -> tuple[Config, list[Diagnostic]]:
    file = project / "site.yaml"
    if not file.exists():
        return Config(), [error("site.yaml", 0, "config-missing",
                                f"no site.yaml in {project}; create one with at least `title:`")]
    data, diags = load_yaml(file, "site.yaml")
    values: dict = {}
    if data is None:
        pass
    elif not isinstance(data, LineMap):
        diags.append(error("site.yaml", getattr(data, "line", 1), "config-shape",
                           "site.yaml must be a mapping of settings like `title: My edition`"))
    else:
        for key, value in data.items():
            line = data.line_of(key)
            if key in STRING_KEYS:
                if isinstance(value, str):
                    values[key] = value.strip()
                else:
                    diags.append(error("site.yaml", line, "config-type",
                                       f'"{key}" must be plain text, not a list or mapping'))
            elif key == "editors":
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    values[key] = tuple(value)
                elif isinstance(value, str):
                    values[key] = (value,)
                else:
                    diags.append(error("site.yaml", line, "config-type",
                                       '"editors" must be a list of names'))
            elif key == "witness_threshold":
                threshold = _fraction(value)
                if threshold is None:
                    diags.append(error("site.yaml", line, "config-type",
                                       '"witness_threshold" must be a number from 0 to 1 such as "0.7", not '
                                       + (f'"{value}"' if isinstance(value, str) else "a list or mapping")))
                else:
                    values[key] = threshold
            else:
                diags.append(warning("site.yaml", line, "config-unknown-key",
                                     f'unknown setting "{key}" is ignored; known settings: '
                                     + ", ".join(STRING_KEYS + ("editors", "witness_threshold"))))
    if values.get("licence_url") and (_scheme(values["licence_url"]) not in ("http", "https", "mailto")
                                    or re.search(r"\s", values["licence_url"])):
        # "creativecommons.org/…" without https:// would be a link inside the site
        diags.append(error("site.yaml", data.line_of("licence_url"), "config-url",
                           f'licence_url "{values.pop("licence_url")}" must be a full web address, '
                           'e.g. "https://creativecommons.org/licenses/by/4.0/"'))
    if isinstance(data, LineMap) and not values.get("title"):
        diags.append(warning("site.yaml", data.line_of("title") if "title" in data else 1, "config-title",
                             'the edition has no `title:`; "Untitled edition" is shown on every page'))
    language = values.get("language", "en")
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", language):
        # The language is written into every page's <html lang> and names the search index.
        diags.append(warning("site.yaml", data.line_of("language") if isinstance(data, LineMap) else 0,
                             "config-language", f'language "{language}" is not a language tag such as '
                             '"en" or "en-GB"; "en" is used'))
        values["language"] = "en"
    if base_url is not None:
        values["base_url"] = base_url
    url = values.get("base_url", "/")
    if url and (not (url.startswith("/") or url.startswith("http://") or url.startswith("https://"))
                or re.search(r"\s", url)):
        line = data.line_of("base_url") if base_url is None and isinstance(data, LineMap) else 0
        diags.append(error("site.yaml", line, "config-base-url",
                           f'base_url "{url}" must start with "/", "http://" or "https://" and hold no spaces'))
        values["base_url"] = "/"
    return Config(**values), diags
