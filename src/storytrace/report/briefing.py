"""The briefing's view model: the export dict, indexed for the views.

The export is produced by several analysis layers that may be absent or
partial, so every lookup here tolerates missing sections and keys. The same
model feeds the offline report and the web app.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..isodates import as_of_label, parse_iso_date
from .text import Mark, changed, segments, word_diff

__all__ = ["Briefing", "FindingKind", "PassagePair", "as_list", "as_of_label", "date_span",
           "parse_date", "plural"]

Rec = dict[str, Any]


def as_list(x: object) -> list[Any]:
    """A section or field as a list (``None``, scalars and mappings tolerated)."""
    if isinstance(x, list):
        return x
    if x is None or isinstance(x, str | bytes | dict):
        return []
    try:
        return list(x)  # type: ignore[call-overload]
    except TypeError:
        return []


def _recs(x: object) -> list[Rec]:
    return [r for r in as_list(x) if isinstance(r, dict)]


def parse_date(value: object) -> date | None:
    """The date of an ISO date or datetime string (``2022-02-17T09:00`` -> 2022-02-17)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    return parse_iso_date(value)


_PLURALS = {"story": "stories", "copy": "copies", "series": "series", "more": "more"}


def plural(n: object, word: str) -> str:
    """``1 article``, ``2 articles``, ``1 story``, ``3 stories`` (a count a reader reads aloud)."""
    k = len(n) if isinstance(n, list | tuple | dict) else n
    count = k if isinstance(k, int) and not isinstance(k, bool) else 0
    if count == 1:
        return f"1 {word}"
    head, _, last = word.rpartition(" ")
    return f"{count:,} {head + ' ' if head else ''}{_PLURALS.get(last, last + 's')}"


def date_span(start: object, end: object) -> str:
    """A date range for a reader: ``a – b``, one date when both agree or one is known, else ``undated``."""
    s = str(start)[:10] if parse_date(start) else None
    e = str(end)[:10] if parse_date(end) else None
    if s and e and s != e:
        return f"{s} – {e}"
    return s or e or "undated"


@dataclass
class FindingKind:
    """One kind of finding for the briefing's first screen: its ranked items, capped, and the total."""

    key: str
    heading: str
    why: str
    total: int
    items: list[Rec]

    @property
    def left_out(self) -> int:
        return self.total - len(self.items)


def _num(x: object) -> float:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else 0.0


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _looks_like_path(title: str, article: Rec) -> bool:
    """A "title" that is only the file it came from (``/tmp/stream/ecb-4_6.txt``), not a headline."""
    src = str(article.get("source") or "")
    return bool(src) and (title == src or src.endswith("/" + title) or src.endswith(title)) and "." in title \
        and " " not in title


def _span(rec: Rec, start: str, end: str) -> tuple[int, int] | None:
    s, e = rec.get(start), rec.get(end)
    if isinstance(s, int) and isinstance(e, int) and e > s >= 0:
        return s, e
    return None


@dataclass(slots=True)
class PassagePair:
    """One aligned passage of a reuse pair: source text beside copy text, with the word diff."""

    source_text: str
    copy_text: str
    kind: str
    score: float | None
    diff: list[tuple[str, str]]

    @property
    def edited(self) -> bool:
        return changed(self.diff)


@dataclass
class Briefing:
    """The export, indexed by article, story, quote and figure."""

    data: Rec
    articles: list[Rec] = field(init=False)
    by_id: dict[str, Rec] = field(init=False)

    def __post_init__(self) -> None:
        d = self.data if isinstance(self.data, dict) else {}
        self.articles = [a for a in _recs(d.get("articles")) if isinstance(a.get("id"), str)]
        self.by_id = {a["id"]: a for a in self.articles}
        self.stories = _recs(d.get("stories"))
        self.storylines = _recs(d.get("storylines"))
        self.reuse = _recs(d.get("reuse"))
        self.quotes = _recs(d.get("quotes"))
        self.quote_groups = _recs(d.get("quote_groups"))
        self.figures = _recs(d.get("figures"))
        self.figure_series = _recs(d.get("figure_series"))
        self.timeline = _recs(d.get("timeline"))
        self.story_by_id = {str(s.get("id")): s for s in self.stories}
        self.story_of: dict[str, Rec] = {}
        for s in self.stories:
            for aid in as_list(s.get("article_ids")):
                self.story_of.setdefault(str(aid), s)
        self.reuse_of: dict[str, list[Rec]] = defaultdict(list)
        for r in self.reuse:
            for key in ("source_id", "copy_id"):
                self.reuse_of[str(r.get(key))].append(r)
        self.quote_by_id = {str(q.get("id")): q for q in self.quotes}
        self.quotes_of: dict[str, list[Rec]] = defaultdict(list)
        for q in self.quotes:
            self.quotes_of[str(q.get("article_id"))].append(q)
        self.figure_by_id = {str(f.get("id")): f for f in self.figures}
        self.figures_of: dict[str, list[Rec]] = defaultdict(list)
        for f in self.figures:
            self.figures_of[str(f.get("article_id"))].append(f)
        self.show_single_quotes = True  # a paged ledger shows the single quotes on page 1 only
        self._memo: dict[Any, Any] = {}
        self.listed_stories: set[str] | None = None  # stories the page has a place for (None: all)
        self.group_of_quote: dict[str, Rec] = {}
        for g in self.quote_groups:
            for m in _recs(g.get("members")):
                self.group_of_quote[str(m.get("quote_id"))] = g

    def overlay(self, records: list[Rec]) -> Briefing:
        """A view of this briefing with some articles replaced by fuller records (indexes shared).

        The web app keeps one briefing of article metadata per store state and
        overlays the few full texts a page needs, rather than re-indexing.
        """
        b = copy.copy(self)
        b._memo = {}
        b.by_id = {**self.by_id, **{r["id"]: r for r in records if isinstance(r.get("id"), str)}}
        return b

    def with_sections(self, *, single_quotes: bool = True, **sections: list[Rec]) -> Briefing:
        """A view showing only some records of a section (one page of a long list), indexes shared."""
        b = copy.copy(self)
        b._memo = {}
        for name, records in sections.items():
            setattr(b, name, records)
        b.show_single_quotes = single_quotes
        return b

    # -- overview -------------------------------------------------------------
    def overview(self) -> Rec:
        """Counts for the first screen: articles, outlets, date span, flags, findings."""
        dates = sorted(d for a in self.articles if (d := parse_date(a.get("published"))))
        outlets = Counter(str(a["outlet"]) for a in self.articles if a.get("outlet"))
        return {
            "articles": len(self.articles),
            "outlets": outlets.most_common(),
            "undated": sum(1 for a in self.articles if not parse_date(a.get("published"))),
            "first": dates[0].isoformat() if dates else None,
            "last": dates[-1].isoformat() if dates else None,
            "flags": self.flag_counts(),
            "stories": len(self.stories),
            "storylines": len(self.storylines),
            "reuse": len(self.reuse),
            "uncredited": sum(1 for r in self.reuse if r.get("credited") is False),
            "quotes": len(self.quotes),
            "altered_quotes": sum(
                1 for g in self.quote_groups for m in _recs(g.get("members"))
                if str(m.get("status")) == "altered"
            ),
            "figures": len(self.figures),
            "conflicts": sum(len(as_list(s.get("conflicts"))) for s in self.figure_series),
        }

    def flag_counts(self) -> list[tuple[str, int]]:
        c = Counter(str(f.get("kind")) for a in self.articles for f in self.flags(a))
        return c.most_common()

    @staticmethod
    def flags(article: Rec) -> list[Rec]:
        return _recs(article.get("flags"))

    # -- labels ---------------------------------------------------------------
    def label(self, article_id: object) -> str:
        """A human name for an article: its title, else outlet, date and first words, else its id.

        Never a file path: an untitled article is named by what a reader can
        recognise (``CNN · 2022-02-17 · “US Secretary of Defense…”``).
        """
        a = self.by_id.get(str(article_id))
        if a is None:
            return str(article_id)
        title = " ".join(str(a.get("title") or "").split())
        if title and not _looks_like_path(title, a):
            return title
        bits = [str(a[k])[:80] for k in ("outlet", "published") if a.get(k)]
        words = " ".join(str(a.get("text") or a.get("lede") or "").split()[:8])
        if words:
            bits.append(f"“{words[:120]}…”")
        return " · ".join(bits) or f"untitled article {a['id']}"

    def story_listed(self, story_id: object) -> bool:
        """Whether a link to this story has a target (the briefing draws or lists only some stories)."""
        return self.listed_stories is None or str(story_id) in self.listed_stories

    def story_label(self, story: Rec) -> str:
        return str(story.get("label") or story.get("id") or "story")

    # -- what a reader must know first ------------------------------------------------
    def findings(self, limit: int = 20) -> list[FindingKind]:
        """The findings a reader must know, by kind in order of gravity, each kind ranked and capped.

        Altered and misattributed quotations, uncredited copies, figure
        conflicts, stale copies and machine-translated copies, each item with
        the records its evidence is drawn from; ``total`` counts what was cut.
        """
        key = ("findings", limit)
        if key in self._memo:  # the briefing renders twice beyond its article cap
            return list(self._memo[key])
        changed = ("altered", "misattributed")
        quotes = [(g, row) for g in self.quote_groups
                  if any(str(m.get("status")) in changed for m in _recs(g.get("members")))
                  for row in self.group_rows(g) if row["status"] in changed]
        quotes.sort(key=lambda gr: (gr[1]["status"] != "misattributed", -len(_recs(gr[0].get("members")))))
        uncredited = sorted((r for r in self.reuse if r.get("credited") is False),
                            key=lambda r: -_num(r.get("share")))
        conflicts = [(s, c) for s in self.figure_series for c in _recs(s.get("conflicts"))]
        # a conflict between two named claimants is the one a reader can put to someone first
        conflicts.sort(key=lambda sc: sum(1 for x in as_list(sc[1].get("claimants"))[:2] if not x))
        out = [
            FindingKind("altered", "Altered or misattributed quotations",
                        "the same quotation worded differently inside quotation marks, or given to another "
                        "speaker; struck-through words are the fuller wording's, green ones this article's",
                        len(quotes), [{"group": g, "row": row} for g, row in quotes[:limit]]),
            FindingKind("uncredited", "Copies that do not credit their source",
                        "passages taken from an earlier article without naming it; source left, copy right",
                        len(uncredited), [{"pair": r, "passage": self.best_passage(r)} for r in uncredited[:limit]]),
            FindingKind("conflicts", "Figures that contradict each other",
                        "two claims for the same quantity as of the same time that cannot both hold",
                        len(conflicts), [{"series": s, "conflict": c, "figures": self.conflict_figures(c)}
                                         for s, c in conflicts[:limit]]),
        ]
        for kind, heading, why in (
                ("stale", "Stale copies", "an old story served as if it were current"),
                ("mt-artefacts", "Machine-translated copies", "wording typical of machine translation")):
            arts = [a for a in self.articles if any(f.get("kind") == kind for f in self.flags(a))]
            arts.sort(key=lambda a: -max(_num(f.get("score")) for f in self.flags(a) if f.get("kind") == kind))
            out.append(FindingKind(kind, heading, why, len(arts),
                                   [{"article": a, "flag": next(f for f in self.flags(a) if f.get("kind") == kind)}
                                    for a in arts[:limit]]))
        self._memo[key] = out
        return out

    def best_passage(self, pair: Rec, limit: int = 600) -> PassagePair | None:
        """The longest aligned passage of a reuse pair, each side cut to ``limit`` characters."""
        best = max(self.passage_pairs(pair), key=lambda p: len(p.copy_text), default=None)
        if best is None or (len(best.source_text) <= limit and len(best.copy_text) <= limit):
            return best
        src, cpy = _cut(best.source_text, limit), _cut(best.copy_text, limit)
        return PassagePair(src, cpy, best.kind, best.score, word_diff(src, cpy))

    def finding_article_ids(self, kinds: list[FindingKind]) -> list[str]:
        """The articles behind the findings shown, in the findings' order (their views are given in full)."""
        ids: dict[str, None] = {}
        for k in kinds:
            for it in k.items:
                if "row" in it:
                    ids[str(it["row"]["article_id"])] = None
                if "pair" in it:
                    ids[str(it["pair"].get("copy_id"))] = None
                    ids[str(it["pair"].get("source_id"))] = None
                for f in it.get("figures", []):
                    ids[str(f["figure"].get("article_id"))] = None
                if "article" in it:
                    ids[str(it["article"].get("id"))] = None
        return list(ids)

    def conflict_figures(self, conflict: Rec) -> list[Rec]:
        """The figure records a conflict names, each with the sentence it was read from."""
        out = []
        for fid in as_list(conflict.get("figures"))[:2]:
            f = self.figure_by_id.get(str(fid))
            if f is not None:
                ev = f.get("evidence")
                sentence = ev.get("sentence") if isinstance(ev, dict) else None
                out.append({"figure": f, "sentence": str(sentence or f.get("text") or f.get("value") or "")})
        return out

    def series_that_matter(self) -> list[Rec]:
        """Series worth a chart: with a conflict, or values that differ across articles (conflicts first)."""
        keep = []
        for s in self.figure_series:
            figs = [self.figure_by_id[str(i)] for i in as_list(s.get("members")) if str(i) in self.figure_by_id]
            values = {str(f.get("value")) for f in figs}
            arts = {str(f.get("article_id")) for f in figs}
            if as_list(s.get("conflicts")) or (len(arts) >= 2 and len(values) >= 2):
                keep.append(s)
        keep.sort(key=lambda s: (-len(as_list(s.get("conflicts"))), -len(as_list(s.get("members")))))
        return keep

    def ranked_stories(self) -> list[Rec]:
        """Stories with uncredited reuse or flagged articles first, then the largest."""
        if "stories" in self._memo:
            return list(self._memo["stories"])
        uncredited: Counter[str] = Counter()
        for r in self.reuse:  # one pass over the pairs, not one per story
            src, cpy = self.story_of.get(str(r.get("source_id"))), self.story_of.get(str(r.get("copy_id")))
            if src is not None and src is cpy and r.get("credited") is False:
                uncredited[str(src.get("id"))] += 1

        def rank(st: Rec) -> tuple[int, int, int]:
            ids = [str(i) for i in as_list(st.get("article_ids"))]
            flagged = sum(1 for i in ids if i in self.by_id and self.flags(self.by_id[i]))
            return (-uncredited[str(st.get("id"))], -flagged, -len(ids))
        self._memo["stories"] = sorted(self.stories, key=rank)
        return list(self._memo["stories"])

    def quote_groups_ranked(self) -> list[Rec]:
        """Quote groups with a changed wording or speaker first, then by how many articles carry them."""
        def rank(g: Rec) -> tuple[bool, int]:
            ms = _recs(g.get("members"))
            return (all(str(m.get("status")) == "verbatim" for m in ms), -len(ms))
        return sorted(self.quote_groups, key=rank)

    def stories_of_line(self, line: Rec) -> list[Rec]:
        return [self.story_by_id[str(i)] for i in as_list(line.get("story_ids"))
                if str(i) in self.story_by_id]

    def story_articles(self, story: Rec) -> list[Rec]:
        """The story's articles, dated ones first in date order."""
        arts = [self.by_id[str(i)] for i in as_list(story.get("article_ids")) if str(i) in self.by_id]
        return sorted(arts, key=lambda a: (parse_date(a.get("published")) or date.max, a["id"]))

    def story_reuse(self, story: Rec) -> list[Rec]:
        ids = {str(i) for i in as_list(story.get("article_ids"))}
        return [r for r in self.reuse if str(r.get("source_id")) in ids and str(r.get("copy_id")) in ids]

    # -- one article ------------------------------------------------------------
    def marks(self, article: Rec) -> list[Mark]:
        """Everything to highlight in an article's text, with what each mark means."""
        aid = article["id"]
        out: list[Mark] = []
        for r in self.reuse_of.get(aid, []):
            as_copy = str(r.get("copy_id")) == aid
            other = str(r.get("source_id") if as_copy else r.get("copy_id"))
            for p in _recs(r.get("passages")):
                span = _span(p, "copy_start", "copy_end") if as_copy else _span(p, "source_start", "source_end")
                if span:
                    verb = "reused from" if as_copy else "reused by"
                    out.append(Mark(*span, "reuse" if as_copy else "source",
                                    f"{verb} {self.label(other)} ({p.get('kind') or r.get('kind') or 'reuse'})",
                                    other))
        for q in self.quotes_of.get(aid, []):
            span = _span(q, "start", "end")
            if span:
                who = q.get("speaker") or "unattributed"
                g = self.group_of_quote.get(str(q.get("id")))
                status = next((m.get("status") for m in _recs(g.get("members")) if str(m.get("quote_id")) == str(q.get("id"))), None) if g else None
                out.append(Mark(*span, "quote altered" if status == "altered" else "quote",
                                f"quote: {who}" + (f" ({status})" if status else "")))
        for f in self.figures_of.get(aid, []):
            span = _span(f, "start", "end")
            if span:
                what = " ".join(str(f[k]) for k in ("value", "object", "place") if f.get(k))
                out.append(Mark(*span, "figure", f"figure: {what}"))
        return out

    def segments(self, article: Rec) -> list[Any]:
        return segments(str(article.get("text") or ""), self.marks(article))

    def passage_pairs(self, pair: Rec) -> list[PassagePair]:
        """The aligned passages of a reuse pair, source beside copy, with word diffs."""
        src = str((self.by_id.get(str(pair.get("source_id"))) or {}).get("text") or "")
        cpy = str((self.by_id.get(str(pair.get("copy_id"))) or {}).get("text") or "")
        out = []
        for p in _recs(pair.get("passages")):
            s = _span(p, "source_start", "source_end")
            c = _span(p, "copy_start", "copy_end")
            st = src[s[0]:s[1]] if s else ""
            ct = cpy[c[0]:c[1]] if c else ""
            score = p.get("score")
            out.append(PassagePair(st, ct, str(p.get("kind") or pair.get("kind") or ""),
                                   score if isinstance(score, int | float) else None,
                                   word_diff(st, ct)))
        return out

    # -- quotes -----------------------------------------------------------------
    def group_rows(self, group: Rec) -> list[Rec]:
        """Each member of a quote group with its text, article and word diff to the canonical text."""
        canonical = str(group.get("canonical_text") or "")
        rows = []
        for m in _recs(group.get("members")):
            q = self.quote_by_id.get(str(m.get("quote_id")), {})
            text = str(q.get("text") or "")
            rows.append({
                "member": m,
                "quote": q,
                "text": text,
                "article_id": q.get("article_id"),
                "status": str(m.get("status") or ""),
                "diff": word_diff(canonical, text) if text and canonical else [],
            })
        return rows

    def ungrouped_quotes(self) -> list[Rec]:
        if not self.show_single_quotes:
            return []
        return [q for q in self.quotes if str(q.get("id")) not in self.group_of_quote]

    # -- figures ------------------------------------------------------------------
    def series_rows(self, series: Rec) -> list[Rec]:
        """A series' figures in the export's order (as-of order), each with its as-of label.

        The order and the dates are the export's, as ``storytrace figures
        --series`` prints them: the briefing never re-sorts or re-dates a series.
        """
        rows: list[dict[str, Any]] = []
        for fid in as_list(series.get("members")):
            f = self.figure_by_id.get(str(fid))
            if f is None:
                continue
            rows.append({"figure": f, "date": parse_date(f.get("as_of")), "when": as_of_label(f),
                         "article_id": f.get("article_id")})
        return rows
