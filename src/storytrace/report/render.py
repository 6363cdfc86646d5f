"""The Jinja2 environment shared by the offline briefing and the web app.

Autoescape is on for every template, so every piece of article-derived text
is escaped; links to outside pages are only made from http(s) URLs. The CSS
and JavaScript are package data inlined into every page, and the Content
Security Policy admits exactly those two blocks (by hash) and nothing else:
no external request is possible, and an injected script would not run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .briefing import Briefing, as_list, as_of_label, date_span, plural
from .svg import provenance_graph, series_chart, short, timeline_chart
from .text import safe_url

__all__ = ["Assets", "Links", "anchor", "assets", "environment", "evidence_text"]


@dataclass(frozen=True)
class Assets:
    """The inlined CSS and JS, and the CSP that allows only them."""

    css: Markup
    js: Markup
    csp: str


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@lru_cache(maxsize=1)
def assets() -> Assets:
    pkg = resources.files("storytrace.report") / "static"
    css = (pkg / "style.css").read_text(encoding="utf-8")
    js = (pkg / "app.js").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; style-src {_sha(css)}; script-src {_sha(js)}; img-src data:; "
           "base-uri 'none'; form-action 'self'")
    return Assets(Markup(css), Markup(js), csp)


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def anchor(prefix: str, ident: object) -> str:
    """A fragment id for an element (any id string becomes ``[A-Za-z0-9_-]`` only)."""
    return prefix + "-" + _ANCHOR_UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", str(ident))


@dataclass(frozen=True)
class Links:
    """Where a view links to: fragments in the one-file briefing, paths in the web app."""

    server: bool = False

    def home(self) -> str:
        return "/" if self.server else "#overview"

    def article(self, ident: object) -> str:
        return f"/articles/{quote(str(ident), safe='')}" if self.server else "#" + anchor("a", ident)

    def story(self, ident: object) -> str:
        return f"/stories/{quote(str(ident), safe='')}" if self.server else "#" + anchor("s", ident)

    def section(self, name: str) -> str:
        return f"/{name}" if self.server else f"#{name}"

    def articles(self, **params: Any) -> str:
        """The web app's article list with filters (``#articles`` in the briefing)."""
        if not self.server:
            return "#articles"
        q = {k: v for k, v in params.items() if v not in (None, "")}
        return "/articles" + ("?" + urlencode(q) if q else "")


def evidence_text(value: Any, limit: int = 1200) -> str:
    """Evidence as readable text: strings as they are, structures as indented JSON, cut at ``limit``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1, default=str)
    return text if len(text) <= limit else text[:limit] + " …"


def _pct(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.3g}" if isinstance(value, float) and abs(value) < 10 else f"{value:,}"
    return "" if value is None else str(value)


def _join(value: Any) -> str:
    """A list as ``a, b, c``; records (``{"name": ...}``) by their name or label."""
    if isinstance(value, list | tuple):
        return ", ".join(_name(v) for v in value if v is not None)
    return "" if value is None else _name(value)


def _name(v: Any) -> str:
    if isinstance(v, dict):
        for k in ("name", "label", "text", "id"):
            if v.get(k) is not None:
                return str(v[k])
    return str(v)


def _why(evidence: Any) -> str:
    """The one-line reason inside a flag's evidence, when it carries one."""
    if isinstance(evidence, str):
        return evidence if len(evidence) <= 300 else evidence[:300] + " …"
    if isinstance(evidence, dict):
        for k in ("why", "reason", "summary", "note", "line", "snippet"):
            if isinstance(evidence.get(k), str):
                return evidence[k]
        hits = [h for h in as_list(evidence.get("sentences")) if isinstance(h, dict) and h.get("match")]
        if hits:  # e.g. machine-translation artefacts: the words that gave it away, with their kind
            shown = "; ".join(f"“{h['match']}”" + (f" ({h['kind']})" if h.get("kind") else "") for h in hits[:4])
            return shown + (f"; and {len(hits) - 4} more" if len(hits) > 4 else "")
    return ""


def isolate(value: Any) -> Markup:
    """Article-derived text, escaped, inside ``<bdi>``: a bidi control in it cannot reorder the page.

    An outlet named ``\u202eswen idib`` would otherwise flip the words that
    follow it on the line; an isolate ends the override at its own edge.
    """
    return Markup("<bdi>") + escape("" if value is None else str(value)) + Markup("</bdi>")


def speaker_change(value: Any) -> str:
    """A speaker correction in words: ``this article: A; 2 others give the words to B (why)``."""
    if isinstance(value, dict):
        src, dst, why = value.get("from"), value.get("to"), value.get("reason")
        out = ""
        if src and dst:
            out = f"here {_name(src)}, elsewhere {_name(dst)}"
        elif dst:
            out = f"elsewhere {_name(dst)}"
        elif src:
            out = f"here {_name(src)}"
        if isinstance(why, str) and why:
            out = f"{out} ({why})" if out else why
        return out[:400]
    if isinstance(value, list | tuple):
        return "; ".join(filter(None, (speaker_change(v) for v in value)))[:400]
    return "" if value is None else str(value)[:400]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storytrace.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_url=safe_url, short=short, pct=_pct, num=_num, join_list=_join,
                       evidence=evidence_text, why=_why,
                       list_of=as_list, iso=isolate, plural=plural, speaker_change=speaker_change,
                       as_of=as_of_label)
    env.globals.update(anchor=anchor, provenance_graph=provenance_graph,
                       series_chart=series_chart, timeline_chart=timeline_chart, date_span=date_span,
                       plural=plural)
    return env


def render(template: str, b: Briefing, links: Links, **ctx: Any) -> str:
    """Render one template with the briefing, the link style and the inlined assets."""
    return environment().get_template(template).render(
        b=b, links=links, assets=assets(), generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **ctx,
    )
