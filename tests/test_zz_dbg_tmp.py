def test_dbg(seeds_export):
    texts = {a["id"]: a["text"] for a in seeds_export["articles"]}
    for q in seeds_export["quotes"]:
        t = texts[q["article_id"]]
        if not q["text"].startswith(t[q["start"]:q["start"] + 10]):
            print("BAD", repr(q["text"]), repr(t[q["start"]:q["start"] + 30]), q["kind"], q["cue"])
