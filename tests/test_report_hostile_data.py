"""A hand-made export with hostile strings in every field (imported by the report/server tests).

Every section of the export schema is present, with offsets that point at the
payloads so they are highlighted, diffed and charted, not only listed.
"""

from __future__ import annotations

from typing import Any

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "<svg onload=window.__pwned=3>",
    "javascript:window.__pwned=4",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "</textarea></title></style><b>unclosed <i>markup",
    "' onmouseover='window.__pwned=5' x='",
    "{{ 7*7 }} {% raw %}",
]
EVIL = " ".join(PAYLOADS)


def hostile_export() -> dict[str, Any]:
    """Two articles, one story, a reuse pair, a quote group and a figure series, all hostile."""
    t1 = f"Officials said {EVIL}. “We will {EVIL} now,” said the <b>minister</b>. About 100,000 troops."
    t2 = f"Reports: {EVIL}. “We will {EVIL} today,” the minister said. About 150,000 troops."
    q1s = t1.index("We will")
    q1e = t1.index(" now") + 4
    q2s = t2.index("We will")
    q2e = t2.index(" today") + 6
    f1 = t1.index("100,000")
    f2 = t2.index("150,000")

    def art(i: str, text: str, published: str | None) -> dict[str, Any]:
        return {
            "id": i, "source": f"/tmp/{EVIL}.html", "url": PAYLOADS[3], "canonical_url": PAYLOADS[4],
            "title": EVIL, "outlet": PAYLOADS[1], "site_name": PAYLOADS[0], "authors": [EVIL, PAYLOADS[6]],
            "credits": [PAYLOADS[2]], "published": published, "published_from": PAYLOADS[5],
            "page_date": PAYLOADS[0], "language": PAYLOADS[6], "word_count": 3, "text": text,
            "boilerplate_removed": [EVIL], "embedded": [{"kind": EVIL, "start": 0, "end": 5}],
            "flags": [{"kind": EVIL, "evidence": {"snippet": EVIL, "spans": [[0, 5]]}, "score": 0.9,
                       "source": PAYLOADS[2]}],
            "original_share": 0.5, "sources": [{"id": "a1", "note": EVIL}, EVIL],
            "event_date": {"date": PAYLOADS[0], "estimated": True, "evidence": [EVIL]},
            "provenance": {"outlet": {"from": EVIL, "evidence": EVIL}},
        }

    return {
        "schema_version": "1.0",
        "articles": [art("a1", t1, "2022-02-14"), art("a2", t2, "2022-02-17")],
        "stories": [{"id": "s1", "label": EVIL, "article_ids": ["a1", "a2"], "start": "2022-02-14",
                     "end": "2022-02-17", "entities": [EVIL], "evidence": {"terms": [EVIL]}}],
        "storylines": [{"id": "l1", "label": EVIL, "story_ids": ["s1"]}],
        "reuse": [{"source_id": "a1", "copy_id": "a2", "kind": EVIL, "share": 0.6, "common_source": EVIL,
                   "direction_confidence": 0.8, "credited": False,
                   "passages": [{"source_start": 15, "source_end": 15 + len(EVIL), "copy_start": 9,
                                 "copy_end": 9 + len(EVIL), "kind": EVIL, "score": 0.97}]}],
        "quotes": [
            {"id": "q1", "article_id": "a1", "start": q1s, "end": q1e, "text": t1[q1s:q1e], "direct": True,
             "speaker": EVIL, "speaker_start": 0, "speaker_end": 4, "cue": PAYLOADS[6]},
            {"id": "q2", "article_id": "a2", "start": q2s, "end": q2e, "text": t2[q2s:q2e], "direct": True,
             "speaker": EVIL, "speaker_start": 0, "speaker_end": 4, "cue": PAYLOADS[1],
             "speaker_via": "title", "speaker_mention": PAYLOADS[2]},
        ],
        "quote_groups": [{"id": "g1", "speaker": EVIL, "canonical_text": t1[q1s:q1e], "members": [
            {"quote_id": "q1", "status": "verbatim", "diff": [], "speaker_correction": None},
            {"quote_id": "q2", "status": "altered", "diff": [["replace", EVIL]],
             "speaker_correction": EVIL},
        ]}],
        "figures": [
            {"id": "f1", "article_id": "a1", "start": f1, "end": f1 + 7, "value": 100000,
             "qualifier": EVIL, "object": EVIL, "place": EVIL, "claimant": EVIL, "as_of": "2022-02-13"},
            {"id": "f2", "article_id": "a2", "start": f2, "end": f2 + 7, "value": "150,000",
             "qualifier": PAYLOADS[0], "object": EVIL, "place": EVIL, "claimant": EVIL, "as_of": None},
        ],
        "figure_series": [{"id": "fs1", "object": EVIL, "place": EVIL, "members": ["f1", "f2"],
                           "conflicts": [{"figures": ["f1", "f2"], "note": EVIL}]}],
        "timeline": [{"date": "2022-02-13", "estimated": True, "event": EVIL, "article_ids": ["a1"],
                      "evidence": [{"article_id": "a1", "expression": EVIL}]}],
    }
