"""Online story assignment: each new article joins the best matching story or opens one.

How it decides: the article's features are weighted by inverse document
frequency; its most distinctive ones pull candidate stories out of the index;
each candidate is scored by cosine similarity between the article and the
story's centroid, content (terms, entities, numbers) and time (days, months,
years) apart: time counts only once content alone reaches ``content_floor``,
so it can break ties but never join articles that share no content; a
candidate whose event days are far from the article's event day is discounted
(same kind of event, different occasion). The best
score at or above ``threshold`` wins; otherwise the article founds a story
named after itself, so ids are stable: the same input in the same order gives
the same stories, and a story keeps its id while it grows. When an article
matches two stories that also match each other, they are merged into the
older one and the merge is recorded with its evidence. An undated article never
bridges stories: it triggers no merge, and it enters the centroid of a story
holding dated articles only when it matches that story closely.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .features import ArticleFeatures, feature_kind
from .index import IndexBackend, StoryState, background_share

__all__ = ["Assignment", "ClusterSettings", "Match", "Merge", "StoryClusterer", "story_id_for"]


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """The knobs of online clustering (defaults tuned on ECB+ topics 1-12 by the mean BCubed F1
    over 12 shuffled stream orders, ``benchmarks/stories.py --tune --orders 12``; see docs/stories.md)."""

    threshold: float = 0.2
    kind_weights: dict[str, float] = field(default_factory=lambda: {
        "term": 0.25, "entity": 0.3, "time": 0.2, "number": 0.3})
    prior_documents: float = 1000.0
    query_features: int = 40
    candidates: int = 10
    min_vote_share: float = 0.3
    centroid_size: int = 200
    day_window: int = 3
    day_penalty: float = 0.5
    weekday_penalty: float = 0.7
    merge_threshold: float = 0.4
    evidence_features: int = 8
    #: The content part (terms, entities, numbers) a match must reach before its
    #: time part counts at all (see :class:`Match`). At ``threshold``, time never
    #: decides whether an article joins a story, only which of those it passes for.
    content_floor: float = 0.2
    #: The score an undated article (no published date) must reach to become part of the
    #: centroid of a story that holds dated articles; below it, it joins as a member but is
    #: never matched against, so it cannot bridge the story to articles only it resembles.
    #: (A story with no dated article grows from its undated members: nothing else is known.)
    undated_core: float = 0.4


@dataclass(frozen=True, slots=True)
class Match:
    """How an article matches a story: its content part (terms, entities, numbers) and
    its time part (days, months, years), each already weighted by ``kind_weights``.

    Why apart: a shared day says only that two texts were written about the same
    date. On a real stream, pages about unrelated events published the same day
    reached the threshold with the day giving 30-53% of their score. So time counts
    only once the content part reaches ``floor``: it breaks ties between articles
    that share content and never joins articles that share none.
    """

    content: float
    time: float
    floor: float

    @property
    def time_counts(self) -> bool:
        return self.content >= self.floor

    @property
    def score(self) -> float:
        return self.content + (self.time if self.time_counts else 0.0)


@dataclass(slots=True)
class Merge:
    """Two stories found to be one: ``absorbed`` was folded into ``kept``."""

    kept: str
    absorbed: str
    score: float
    shared: list[dict[str, object]]
    reason: str
    at_article: str


@dataclass(slots=True)
class Assignment:
    """Where one article went and why."""

    article_id: str
    story_id: str
    new_story: bool
    score: float
    shared: list[dict[str, object]] = field(default_factory=list)
    runner_up: tuple[str, float] | None = None
    day_gap: int | None = None
    merged: Merge | None = None
    #: The content and time parts of ``score`` before the time discount (``time`` is 0
    #: when the content part was under the floor, so time did not count).
    content: float = 0.0
    time: float = 0.0
    #: True when the article joined without entering the story's centroid (undated, below ``undated_core``).
    attached: bool = False


#: Feature prefix -> the group it is compared in (lemmas, no prefix, are "term").
_GROUP_OF_PREFIX = {"e:": "entity", "d:": "time", "m:": "time", "y:": "time", "n:": "number"}
_GROUPS = ("term", "entity", "time", "number")


def _group(feature: str) -> str:
    return _GROUP_OF_PREFIX.get(feature[:2], "term")


def _group_norms(v: dict[str, float]) -> dict[str, float]:
    sq = dict.fromkeys(_GROUPS, 0.0)
    for f, x in v.items():
        sq[_GROUP_OF_PREFIX.get(f[:2], "term")] += x * x
    return {k: math.sqrt(x) for k, x in sq.items()}


def _counted(contrib: dict[str, float], match: Match) -> dict[str, float]:
    """The evidence features of a match, without the time features when time did not count."""
    if match.time_counts:
        return contrib
    return {f: v for f, v in contrib.items() if _GROUP_OF_PREFIX.get(f[:2]) != "time"}


def story_id_for(article_id: str) -> str:
    """A story is named after the article that opened it (stable across runs)."""
    return "s-" + article_id[:10]


def _day_gap(day: str | None, story: StoryState) -> int | None:
    if not day or not story.start:
        return None
    d = date.fromisoformat(day)
    lo, hi = date.fromisoformat(story.start or day), date.fromisoformat(story.end or day)
    if lo <= d <= hi:
        return 0
    return min(abs((d - lo).days), abs((d - hi).days))


class StoryClusterer:
    """Assigns articles to stories one at a time over an :class:`IndexBackend`."""

    def __init__(self, index: IndexBackend, settings: ClusterSettings | None = None) -> None:
        self.index = index
        self.settings = settings or ClusterSettings()
        self._prior_df: dict[str, float] = {}  # feature -> pseudo-document frequency + 1

    # -- scoring ---------------------------------------------------------------
    def _idf(self, features: Iterable[str]) -> dict[str, float]:
        """Inverse document frequency with the background prior blended in as
        ``prior_documents`` pseudo-documents: idf(df + prior share, n + prior)."""
        prior = self.settings.prior_documents
        log_n = math.log(self.index.doc_count() + prior + 1) + 1.0
        dfs = self.index.df(features)
        cache = self._prior_df
        out = {}
        for f, df in dfs.items():
            p = cache.get(f)
            if p is None:
                p = cache[f] = prior * background_share(f) + 1.0
            out[f] = log_n - math.log(df + p)
        return out

    def _weigh(self, vector: dict[str, float]) -> dict[str, float]:
        idf = self._idf(vector)
        return {f: v * idf[f] for f, v in vector.items()}

    def _cosine(self, a: dict[str, float], a_norms: dict[str, float],
                story: StoryState) -> tuple[Match, dict[str, float]]:
        """Similarity per feature group (terms, entities, time, numbers), mixed by ``kind_weights``.

        Groups are compared separately so that a long article's many lemmas
        cannot drown out who, when and how many. One pass over the centroid.
        The time group is kept apart from the content groups (see :class:`Match`).
        """
        idf = self._idf(story.centroid)
        sq = dict.fromkeys(_GROUPS, 0.0)
        dots = dict.fromkeys(_GROUPS, 0.0)
        contrib: dict[str, float] = {}
        for f, v in story.centroid.items():
            w = v * idf[f]
            g = _GROUP_OF_PREFIX.get(f[:2], "term")
            sq[g] += w * w
            x = a.get(f)
            if x is not None:
                contrib[f] = x * w
                dots[g] += x * w
        parts = {g: w * dots[g] / (a_norms[g] * math.sqrt(sq[g]))
                 for g, w in self.settings.kind_weights.items() if dots.get(g)}
        content = sum(v for g, v in parts.items() if g != "time")
        return Match(content, parts.get("time", 0.0), self.settings.content_floor), contrib

    def _time_factor(self, features: ArticleFeatures, story: StoryState) -> tuple[float, int | None, bool]:
        """The discount for a different occasion: event days too far apart, or
        (when days are unknown) different weekdays. Returns (factor, gap, weekday clash)."""
        st = self.settings
        gap = _day_gap(features.event_day, story)
        if gap is not None:
            return (st.day_penalty if gap > st.day_window else 1.0), gap, False
        clash = bool(features.weekday and story.weekday and features.weekday != story.weekday)
        return (st.weekday_penalty if clash else 1.0), None, clash

    def _evidence(self, contrib: dict[str, float]) -> list[dict[str, object]]:
        """The features that carry the match, with their share of it."""
        top = heapq.nlargest(self.settings.evidence_features, contrib.items(), key=lambda kv: (kv[1], kv[0]))
        total = sum(contrib.values()) or 1.0
        return [{"feature": f.split(":", 1)[1] if feature_kind(f) != "term" else f,
                 "kind": feature_kind(f), "share": round(v / total, 3)} for f, v in top]

    def score(self, features: ArticleFeatures, story: StoryState) -> float:
        """Similarity of an article to a story, after the time discount (for inspection)."""
        a = self._weigh(features.vector)
        m, _ = self._cosine(a, _group_norms(a), story)
        return m.score * self._time_factor(features, story)[0]

    # -- the online step -----------------------------------------------------------
    def add(self, features: ArticleFeatures) -> Assignment:
        """Assign one article; the index is updated in place."""
        st = self.settings
        self.index.add_document(features.vector)
        a = self._weigh(features.vector)
        a_norms = _group_norms(a)
        query = heapq.nlargest(st.query_features, a.items(), key=lambda kv: (kv[1], kv[0]))
        votes: dict[str, float] = {}
        for f, w in query:
            for sid in self.index.postings(f):
                votes[sid] = votes.get(sid, 0.0) + w
        candidates = heapq.nlargest(st.candidates, votes.items(), key=lambda kv: (kv[1], kv[0]))
        if candidates:  # stories sharing only a sliver of the distinctive features cannot win
            floor = st.min_vote_share * candidates[0][1]
            candidates = [(sid, v) for sid, v in candidates if v >= floor]
        scored: list[tuple[float, str, dict[str, float], int | None, Match]] = []
        for sid, _ in candidates:
            story = self.index.get_story(sid)
            if story is None:
                continue
            m, contrib = self._cosine(a, a_norms, story)
            factor, gap, _ = self._time_factor(features, story)
            scored.append((m.score * factor, sid, _counted(contrib, m), gap, m))
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[0] if scored and scored[0][0] >= st.threshold else None
        runner = (scored[1][1], round(scored[1][0], 4)) if len(scored) > 1 else None
        if best is None:
            story = StoryState(id=story_id_for(features.article_id), opened=self.index.next_seq())
            result = Assignment(features.article_id, story.id, True, 0.0,
                                runner_up=(scored[0][1], round(scored[0][0], 4)) if scored else None)
        else:
            s, sid, contrib, gap, m = best
            found = self.index.get_story(sid)
            assert found is not None
            story = found
            result = Assignment(features.article_id, sid, False, round(s, 4),
                                self._evidence(contrib), runner, gap,
                                content=round(m.content, 4), time=round(m.time if m.time_counts else 0.0, 4))
        if best is None or features.published or story.start is None or best[0] >= st.undated_core:
            story.add(features.vector, features.article_id, features.event_day, st.centroid_size,
                      features.weekday)
            story.seq = self.index.next_seq()
            self.index.put_story(story)
            self.index.add_postings([f for f, _ in query], story.id)
        else:  # an undated member that is not close to the story: attached, never a bridge
            story.attach(features.article_id)
            result.attached = True
            self.index.put_story(story)
        if (best is not None and features.published and len(scored) > 1
                and scored[1][0] >= st.threshold):  # an undated article never bridges two stories
            result.merged = self._maybe_merge(story, scored[1][1], features.article_id)
            if result.merged and result.merged.kept != story.id:
                result.story_id = result.merged.kept
        return result

    def _maybe_merge(self, story: StoryState, other_id: str, at_article: str) -> Merge | None:
        """Merge two stories one article bridges, if their centroids agree too."""
        other = self.index.get_story(other_id)
        if other is None:
            return None
        w = self._weigh(story.centroid)
        m, contrib = self._cosine(w, _group_norms(w), other)
        s, contrib = m.score, _counted(contrib, m)
        if s < self.settings.merge_threshold:
            return None
        gap = _day_gap(story.start, other) if story.start else None
        if gap is not None and gap > self.settings.day_window:
            return None
        # The story opened first keeps its id.
        kept, absorbed = sorted((story, other), key=lambda x: (x.opened, x.id))
        kept.absorb(absorbed, self.settings.centroid_size)
        kept.seq = self.index.next_seq()
        self.index.delete_story(absorbed.id)
        self.index.put_story(kept)
        self.index.remove_story_postings(absorbed.id, absorbed.centroid)
        self.index.add_postings(heapq.nlargest(self.settings.query_features, kept.centroid,
                                               key=lambda f: kept.centroid[f]), kept.id)
        return Merge(kept.id, absorbed.id, round(s, 4), self._evidence(contrib),
                     f"article {at_article} matched both stories and their centroids agree "
                     f"(cosine {s:.2f} >= {self.settings.merge_threshold})", at_article)
