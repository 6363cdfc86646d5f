"""Speakers: the words that name who spoke, and the one canonical speaker they mean.

Within an article every mention of a person is tied to the fullest form of
their name the article uses (Biden = President Joe Biden = Mr Biden = Mr.
Biden → ``Joe Biden``); titles such as President, Secretary, Mr are a role,
never part of the name. A pronoun speaker (``he added``) is resolved to the
nearest preceding person who spoke or was the subject of a main clause, so
"he" follows the thread a reader follows. Roles and organisations keep a
normalised form (``a spokesperson for the State Department`` → ``State
Department spokesperson``) so that the same unnamed source matches across
articles.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["TITLES", "SpeakerResolver", "clean_name", "speaker_mention"]

#: Words that are a title or role before a name, not part of it (lower case, no dot).
TITLES = frozenset([
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president", "vice",
    "secretary", "general", "sec", "sen", "senator", "rep", "representative", "gov", "governor",
    "mayor", "minister", "prime", "chancellor", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "judge", "justice", "gen", "col", "lt", "capt", "adm", "sgt", "rev", "pope",
    "king", "queen", "prince", "princess", "sheikh", "chairman", "chairwoman", "chair", "ceo",
    "director", "deputy", "chief", "commissioner", "attorney", "press", "foreign", "defense",
    "defence", "state", "interior", "finance", "us", "u.s.", "uk", "u.k.", "former", "acting",
    "first", "lady", "candidate", "nominee",
    # occupations the entity recogniser often takes into the name ("Comedian Ellen DeGeneres")
    "comedian", "actor", "actress", "singer", "rapper", "musician", "billionaire", "businessman",
    "businesswoman", "entrepreneur", "host", "anchor", "commentator", "columnist", "author",
    "writer", "novelist", "journalist", "reporter", "producer", "filmmaker", "activist", "lawyer",
    "pastor", "reverend", "rabbi", "imam", "bishop", "archbishop", "professor", "coach",
    "economist", "analyst", "pollster", "strategist", "adviser", "advisor", "sheriff", "detective",
    "congressman", "congresswoman", "councilman", "councilwoman", "assemblyman", "assemblywoman",
    "speaker", "leader", "founder", "officer", "trooper", "agent", "dj", "pundit", "historian",
])

_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
             "they": "group", "it": "org", "we": "group", "i": "self", "you": "self"}
#: Abbreviated titles written out: "Sen. Jon Tester" is the person "the senator" means.
_TITLE_FORMS = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general",
                "sec": "secretary", "prof": "professor", "col": "colonel", "lt": "lieutenant",
                "capt": "captain", "adm": "admiral", "sgt": "sergeant", "rev": "reverend"}
#: Words that make another office of a title: "the president" is not "Vice President
#: Joe Biden" nor "former President Bill Clinton".
_OTHER_OFFICE = frozenset(["vice", "former", "deputy", "acting", "assistant", "prime", "first", "lady",
                           "ex", "late", "under", "associate", "lieutenant"])
#: What an organisation or person publishes, which speaks for them: "a Bloomberg poll
#: shows", "the IMF report stated", "a new ad from Donald Trump's campaign".
_PUBLICATIONS = frozenset(["poll", "survey", "report", "study", "analysis", "ad", "advertisement",
                           "commercial", "memo", "complaint", "lawsuit", "filing", "book", "editorial",
                           "audit", "review", "website", "video"])
#: Organisations known by a person's name: "the Clinton campaign", "the Obama administration".
_PERSON_ORGS = frozenset(["campaign", "administration", "camp", "team", "transition"])
#: Nouns for what someone said: "the ministry's statement said" is the ministry speaking.
_UTTERANCES = frozenset(["statement", "reaction", "response", "remark", "comment", "letter", "tweet",
                         "post", "announcement", "message", "speech", "address", "testimony", "readout",
                         "communique", "communiqué", "declaration"])
#: Head nouns of a description that stands for a person the article has been writing
#: about ("the Vermont senator", "the billionaire businessman"), besides the titles.
_EPITHETS = frozenset(["republican", "democrat", "independent", "libertarian", "mogul", "magnate",
                       "tycoon", "frontrunner", "front-runner", "hopeful", "contender", "lawmaker",
                       "incumbent", "challenger", "billionaire", "businessman", "businesswoman"])
#: Head nouns a description of a person may have.
_DESCRIPTION_HEADS = TITLES | _EPITHETS
#: Offices one person holds at a time: "the U.S. president" whom the article never
#: titled is no reason to take the previous sentence's subject.
_SOLE_OFFICES = frozenset(["president", "pope", "king", "queen", "speaker", "chancellor", "prime"])
#: Party words of a description and of a printed title, which must not disagree.
_PARTIES = {"republican": "R", "gop": "R", "democratic": "D", "democrat": "D",
            "libertarian": "L", "green": "G"}
#: Nouns whose owner speaks through them (:meth:`SpeakerResolver._owner`).
_OWNED = _UTTERANCES | _PUBLICATIONS
_GENDERED = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she", "sir": "he", "dame": "she",
             "king": "he", "queen": "she", "prince": "he", "princess": "she", "lord": "he",
             "lady": "she", "spokesman": "he", "spokeswoman": "she", "chairman": "he",
             "chairwoman": "she", "businessman": "he", "businesswoman": "she", "congressman": "he",
             "congresswoman": "she"}


def speaker_mention(tok: Token) -> Span:
    """The noun phrase of a speaker: the subject with its modifiers, without relative clauses."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    # never across a paragraph break
    while left < right and "\n" in doc[left:right].text:
        left += 1
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "advcl") or (c.dep_ == "punct" and c.text not in ",-–"):
            break
        if c.dep_ == "punct":
            continue
        if "\n" in doc[right : c.right_edge.i + 1].text:
            break
        right = c.right_edge.i
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1]


def person_role(mention: Span, ents: Sequence[Span] | None = None) -> str | None:
    """The words of a person mention that are not the name: "U.K. Defense Secretary".

    ``ents`` are the mention's entities when the caller has them (``Span.ents`` scans the
    whole document on each access)."""
    persons = [e for e in (mention.ents if ents is None else ents) if e.label_ == "PERSON"]
    name_words = set(clean_name(persons[-1].text.split())) if persons else set()
    words = [w for w in mention.text.split() if w.strip(",") not in name_words]
    role = _DET.sub("", " ".join(words).strip(" ,.;:"))
    # an honorific (Mr, Ms) is not a role
    return role if role and role.lower().rstrip(".") not in ("mr", "mrs", "ms", "miss", "mx") else None


def clean_name(words: Sequence[str]) -> list[str]:
    """A person's name without titles before it, a possessive after it, or an editor's
    brackets ("Secretary [Hillary] Clinton")."""
    ws = [w.strip("[]{}") for w in words]
    ws = [w for w in ws if w.strip()]
    while ws and ws[0].lower().rstrip(".") in TITLES:
        ws = ws[1:]
    if ws and ws[-1] in ("'s", "’s", "'", "’"):
        ws = ws[:-1]
    return [re.sub(r"[’']s$", "", w) for w in ws]


@dataclass(slots=True)
class _Person:
    name: str
    last: str
    pos: int


def _title_word(word: str) -> str:
    w = word.lower().rstrip(".")
    return _TITLE_FORMS.get(w, w)


def _closed(doc: Doc, i: int) -> bool:
    """An apposition ends at a comma, a dash or the sentence's end (token ``i`` after
    it); one that runs into a verb is the parser taking the next clause's subject for it."""
    return i >= len(doc) or doc[i].is_punct or doc[i].is_sent_start is True


def _printed_role(ent: Span) -> frozenset[str]:
    """The words the article prints as a person's title or description, lower case:
    those before the name in its noun phrase ("Republican presidential nominee Donald
    Trump", "Sen. Jon Tester") and an apposition on either side ("Trump, the Republican
    nominee"; "the mayor, Bill de Blasio")."""
    doc = ent.doc
    words = [t for t in ent if t.lower_.rstrip(".") in TITLES and t.i < ent.end - 1]
    j = ent.start - 1
    while j >= 0 and doc[j].dep_ not in ("det", "punct", "poss", "case") and doc[j].pos_ not in (
            "VERB", "AUX", "ADP", "PRON", "PUNCT", "SPACE") and j < doc[j].head.i < ent.end:
        words.append(doc[j])
        j -= 1
    root = ent.root
    appos = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and _closed(doc, c.right_edge.i + 1)]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and _closed(doc, root.right_edge.i + 1):
        appos.append(root.head)
    for head in appos:
        words += [t for t in head.lefts if t.dep_ in ("amod", "compound")] + [head]
    return frozenset(_title_word(t.text) for t in words)


class SpeakerResolver:
    """Resolves quote speakers in one article to canonical names."""

    def __init__(self, doc: Doc, inside: Sequence[int] | None = None) -> None:
        """``inside``: for each token, the quoted span it lies in or -1 (as
        :func:`.extract.extract_quotes` computes it). A subject inside quotation marks
        is the quoted speaker's, not the article's: after `Ryan said, “… The tweet’s been
        deleted …”`, "He added" is still Ryan, so such subjects are no candidates."""
        self.doc = doc
        # Doc.ents and Span.ents rebuild every entity of the document on each access;
        # classify() runs once per subject, so it looks them up here instead
        self._ents = list(doc.ents)
        self._ent_starts = [e.start for e in self._ents]
        self.people: list[_Person] = []
        #: the gender each person mention is printed with (Mr, Mrs, "the first lady, ..."),
        #: by the mention's first token; the gender of each full name, and the genders of
        #: each bare surname ("Mr. Obama", "Mrs. Obama")
        self._ent_gender: dict[int, str] = {}
        self._full_gender: dict[str, str] = {}
        self._bare_genders: dict[str, set[str]] = {}
        roles: dict[int, frozenset[str]] = {}  # printed role words of each person mention
        for ent in self._ents:
            if ent.label_ != "PERSON":
                continue
            words = clean_name(ent.text.split())
            if words:
                name = " ".join(words)
                self.people.append(_Person(name, words[-1].lower(), ent.start_char))
                before = doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
                role = roles[ent.start] = _printed_role(ent)
                genders = {_GENDERED[w] for w in role | {before} if w in _GENDERED}
                if len(genders) == 1:
                    g = self._ent_gender[ent.start] = next(iter(genders))
                    if len(words) == 1:
                        self._bare_genders.setdefault(words[0].lower(), set()).add(g)
                    else:
                        self._full_gender.setdefault(name, g)
        #: where the article first prints each name, by surname
        self._first: dict[str, dict[str, int]] = {}
        for p in self.people:
            self._first.setdefault(p.last, {}).setdefault(p.name, p.pos)
        #: "he"/"she" learnt from titles (Mr, Ms) and from pronouns already resolved
        self.gender: dict[str, str] = {}
        for ent in self._ents:
            if ent.start in self._ent_gender:
                self.gender[self.canonical_person(ent.text.split(), self._ent_gender[ent.start])] = \
                    self._ent_gender[ent.start]
        #: the role words printed with each person, by canonical name
        self._printed: dict[str, frozenset[str]] = {}
        for ent in self._ents:
            if ent.start in roles:
                name = self.canonical_person(ent.text.split(), self._ent_gender.get(ent.start))
                self._printed[name] = self._printed.get(name, frozenset()) | roles[ent.start]
        #: (position, printed role words, canonical name) of each person given a title,
        #: the people a later "the president" or "the Republican nominee" means
        self.titled: list[tuple[int, frozenset[str], str]] = [
            (ent.start_char, roles[ent.start], self.canonical_person(ent.text.split(), self._ent_gender.get(ent.start)))
            for ent in self._ents if ent.start in roles and roles[ent.start] & TITLES]
        # main-clause subjects, the people a later "he" or "she" most likely means
        self.candidates: list[tuple[int, str, str]] = []
        for sent in doc.sents:
            for t in sent:
                if inside is not None and inside[t.i] >= 0:
                    continue
                if t.dep_ in ("nsubj", "nsubjpass") and (t.head.dep_ == "ROOT" or t.head.lemma_ in
                                                         ("say", "tell", "add")):
                    kind, name = self.classify(speaker_mention(t))
                    if kind in ("person", "org"):
                        self.candidates.append((t.idx, name, kind))
        self.candidates.sort()

    # -- names ---------------------------------------------------------------

    def canonical_person(self, words: Sequence[str], gender: str | None = None) -> str:
        """The fullest name the article uses for the person ``words`` names.

        A bare surname takes a full name of the same gender only: ``gender`` is the one
        the mention is printed with (Mr, Mrs), else the one every gendered bare mention
        of the surname shares. When the article prints the bare surname with both
        (Mr. Obama, Mrs. Obama) and this mention with neither, it stays the surname."""
        ws = clean_name(words)
        if not ws:
            return " ".join(words)
        last = ws[-1].lower()
        if len(ws) == 1:
            # a surname alone may be printed in capitals (PSAKI); use the article's spelling
            ws = [next((p.name.split()[-1] for p in self.people if p.last == last), ws[0])]
        first = self._first.get(last, {})
        if _extends(ws, first):
            ws = ws[1:]
        # a longer name of the same person holds every word of this one ("Donald J.
        # Trump" for "Donald Trump"; never "George W. Bush" for "Jeb Bush")
        full = [n for n in first if len(n.split()) > len(ws) and not _extends(n.split(), first)
                and _within([w.lower() for w in ws], n.lower().split())]
        if len(ws) == 1:
            genders = {gender} if gender else self._bare_genders.get(last, set())
            if len(genders) > 1:
                full = []
            elif genders:
                # "Mr. Obama" is not "the first lady, Michelle Obama": a full name printed
                # with the other gender is someone else of the same surname
                g = next(iter(genders))
                full = [n for n in full if self._full_gender.get(n, g) == g]
        if full:
            # the longest form, earliest on ties: "Joe Biden" over "Biden"
            return max(full, key=lambda n: (len(n.split()), -full.index(n)))
        return " ".join(ws) if not " ".join(ws).isupper() else " ".join(ws).title()

    def gender_of(self, name: str, mention: Span) -> str | None:
        """"he" or "she" for the person ``name`` that ``mention`` names: the gender the
        mention is printed with (Mr, Mrs), else one the article gives the name elsewhere
        (a title, a resolved pronoun); none for a bare surname printed with both. The
        store-wide alias table keeps "Mr. Obama" from becoming another article's
        Michelle Obama with it."""
        for e in self._ents_in(mention):
            g = self._ent_gender.get(e.start)
            if g and e.label_ == "PERSON" and self.canonical_person(e.text.split(), g) == name:
                return g
        if " " not in name and len(self._bare_genders.get(name.lower(), ())) > 1:
            return None
        return self.gender.get(name)

    def _ents_in(self, mention: Span) -> list[Span]:
        """``mention.ents`` (the entities that start inside it, up to the first that ends past it)."""
        out = []
        i = bisect_left(self._ent_starts, mention.start)
        while i < len(self._ents) and self._ents[i].end <= mention.end:
            out.append(self._ents[i])
            i += 1
        return out

    def classify(self, mention: Span) -> tuple[str, str]:
        """(kind, canonical) for a speaker mention: person, org, role or pronoun."""
        kind, name, _ = self._classify(mention)
        return kind, name

    def titled_person(self, mention: Span) -> str | None:
        """The person a definite title means: "the president" → the nearest person
        before it whom the article printed with that title ("President Joe Biden");
        "the Republican nominee" needs a person printed with both words, and "the
        president" never means a vice or former president. Only a singular "the
        [modifiers] TITLE" with nothing after the title qualifies."""
        root = mention.root
        if (mention[0].lower_ != "the" or root.i != mention[-1].i or root.tag_ not in ("NN", "NNP")
                or _title_word(root.text) not in TITLES):
            return None
        words = frozenset(_title_word(t.text) for t in mention[1:] if not t.is_punct)
        best = None
        for pos, role, name in self.titled:
            if pos >= mention.start_char:
                break
            if words <= role and not (role - words) & _OTHER_OFFICE:
                best = name
        return best

    def described_person(self, mention: Span) -> str | None:
        """The person a description that is a main clause's subject stands for: "Donald Trump says
        he has “big plans” … The Republican presidential nominee noted Friday …"; "the
        Vermont senator", "the former secretary of state", "the billionaire businessman".
        News prose names the person it is about and goes on with such descriptions, so
        the description means the subject of the last main clause before its sentence,
        in its paragraph or the one before, when that subject is a person whose
        gender, party and printed title do not contradict it. Only for a definite,
        singular description with at least one word besides its head, no name in it,
        and not a sole office whose title rule found no one ("the president")."""
        root = mention.root
        if (mention[0].lower_ != "the" or root.tag_ not in ("NN", "NNP")
                or root.dep_ not in ("nsubj", "nsubjpass")
                or not (root.head.dep_ == "ROOT" or root.head.lemma_ in ("say", "tell", "add"))):
            return None
        head = _title_word(root.text)
        after = [t for t in mention if t.i > root.i]
        mods = [t for t in mention[1:] if t.i < root.i and not t.is_punct]
        if (head not in _DESCRIPTION_HEADS or head in _SOLE_OFFICES or not mods
                or (after and not (after[0].lower_ == "of" and len(after) <= 3))
                or any(t.ent_type_ == "PERSON" for t in mention)):
            return None
        sent_start = root.sent.start_char
        i = bisect_left(self.candidates, (sent_start, "", "")) - 1
        if i < 0:
            return None
        pos, name, kind = self.candidates[i]
        if kind != "person" or len(_PARAGRAPH_BREAK.findall(self.doc.text, pos, sent_start)) > 1:
            return None
        words = {_title_word(t.text) for t in mods} | {head}
        gender = {_GENDERED[w] for w in words if w in _GENDERED}
        if len(gender) > 1 or (gender and not self._fits(name, next(iter(gender)))):
            return None
        printed = self._printed.get(name, frozenset())
        parties, printed_parties = ({_PARTIES[w] for w in ws if w in _PARTIES} for ws in (words, printed))
        if parties and printed_parties and not parties & printed_parties:
            return None
        # "the Florida senator" is not someone printed as "Texas Sen. Ted Cruz"
        places = {w for t in mods if t.pos_ == "PROPN" and (w := t.lower_) not in _PARTIES}
        printed_places = printed - TITLES - _PARTIES.keys()
        if head in printed and places and printed_places and not places & printed_places:
            return None
        return name

    def _owner(self, root: Token, lo: int, hi: int) -> Span | None:
        """Whose statement or publication the noun ``root`` is, within tokens ``lo``–``hi``:
        its possessor (`the Foreign Ministry's statement`), the organisation named in front
        of it (`a Bloomberg poll`, `the IMF report`; a person or place there is more often
        what it is about: `the Benghazi report`), or the object of `from` or `by` (`a new
        ad from Donald Trump's campaign`), or of `of` when that is a name (`a poll of 2047
        registered voters` is not theirs)."""
        doc = self.doc
        tok = next((c for c in root.children if c.dep_ == "poss"), None)
        if tok is not None and lo <= tok.left_edge.i:
            return doc[tok.left_edge.i : tok.right_edge.i + 1]
        orgs = [e for e in self._ents_in(doc[lo : root.i]) if e.label_ == "ORG" and e.root.head.i == root.i]
        if orgs:
            # the whole run of names: "CNN/ORC", "Wall Street Journal/NBC News"
            first, last = orgs[0].start, orgs[-1].end
            while first > lo and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].text in "/&-"):
                first -= 1
            while last < root.i and (doc[last].pos_ == "PROPN" or doc[last].text in "/&-"):
                last += 1
            while doc[first].text in "/&-":
                first += 1
            while doc[last - 1].text in "/&-":
                last -= 1
            return doc[first:last]
        tok = next((g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj" and (
            c.lower_ in ("from", "by") or (c.lower_ == "of" and g.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")))),
            None)
        if tok is not None and tok.right_edge.i < hi:
            return doc[tok.left_edge.i : tok.right_edge.i + 1]
        return None

    def _earlier_owner(self, root: Token) -> Span | None:
        """The owner of the same noun where the article last printed it with one: `the
        poll` after `The Huffington Post-Morning Consult poll of 2047 registered voters
        was released …` is theirs. A bare `the poll` between them is the same poll; one
        without `the` (`a new poll`) is another, and ends the search."""
        for t in reversed(self.doc[: root.i]):
            if t.lemma_ != root.lemma_ or t.pos_ != "NOUN":
                continue
            owner = self._owner(t, t.left_edge.i, t.right_edge.i + 1)
            if owner is not None or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                return owner
        return None

    def _classify(self, mention: Span) -> tuple[str, str, str | None]:
        """:meth:`classify`, and ``"title"`` or ``"epithet"`` when a person was found from
        a title or a description alone (:meth:`titled_person`, :meth:`described_person`)."""
        if len(mention) == 1 and mention[0].lower_ in _PRONOUNS:
            return "pronoun", mention[0].lower_, None
        if len(mention) == 1 and mention[0].lower_ in ("who", "that", "which") and mention[0].head.dep_ == "relcl":
            # "officials who said": the relative pronoun stands for the noun it follows
            return self._classify(speaker_mention(mention[0].head.head))
        ents = self._ents_in(mention)
        persons = [e for e in ents if e.label_ == "PERSON"]
        root = mention.root
        # the person the mention's head names ("Bill Burton, an official in Mr. Obama's
        # White House" is Burton) or its apposition ("Carter's press secretary, Peter
        # Cook"); a person who only qualifies the head is not the speaker ("Clinton's
        # campaign", "aides to Clinton", "a top Donald Trump adviser")
        ent = next((e for e in persons if e.start <= root.i < e.end), None) or next(
            (e for e in persons if e.root.dep_ == "appos" and (
                e.root.head.i == root.i
                # "An attorney for Pagliano, Mark MacDougall": the parse hangs the name
                # on the nearest noun, but a name set off by a comma names the speaker
                or (e.start > mention.start and self.doc[e.start - 1].text == ","))), None) or next(
            # a name set off by a comma that ends the mention, however the parse hung it
            # ("According to his aunt, Jane Starner, …")
            (e for e in persons if e.end == mention.end and e.start > mention.start
             and self.doc[e.start - 1].text == ","), None)
        if ent is not None:
            return "person", self.canonical_person(ent.text.split(), self._ent_gender.get(ent.start)), None
        if root.lemma_.lower() in _OWNED:
            # "the Foreign Ministry's statement", "a statement from the Kremlin", "a
            # Bloomberg poll shows", and "the poll" after it: the person or organisation
            # whose words or findings they are
            owner = self._owner(root, mention.start, mention.end)
            if owner is None and mention[0].lower_ == "the" and all(
                    t.dep_ in ("det", "amod") for t in mention if t.i != root.i):
                owner = self._earlier_owner(root)
            if owner is not None and owner.root.dep_ not in ("poss", "pobj") and owner.root.ent_type_ == "ORG":
                return "org", _strip_det(owner), None  # a run of names in front of it
            if owner is not None:
                kind, name, _ = self._classify(owner)
                if kind in ("person", "org"):
                    return kind, name, None
        if root.lemma_.lower() in _PERSON_ORGS:
            # "the Clinton campaign", "Trump's campaign", "the Obama administration": an
            # organisation that goes by its person's name (the person is not the speaker)
            named = next((e for e in persons if e.root.head.i == root.i and e.end <= root.i), None) or next(
                (e for e in persons if e.root.dep_ == "pobj" and e.root.head.lower_ in ("of", "for")
                 and e.root.head.head.i == root.i), None)
            if named is not None:
                who = self.canonical_person(named.text.split(), self._ent_gender.get(named.start))
                return "org", f"{who} {root.lemma_.lower()}", None
        if (root.pos_ == "PROPN" or root.is_title) and any(p.last == root.lower_ for p in self.people):
            # the name is the run of proper nouns that ends at the head: "Rendell, a
            # Clinton surrogate" is Rendell, not "Rendell Clinton"
            first = root.i
            while first > mention.start and self.doc[first - 1].pos_ == "PROPN":
                first -= 1
            return "person", self.canonical_person([t.text for t in self.doc[first : root.i + 1]]), None
        orgs = [e for e in ents if e.label_ in ("ORG", "NORP", "GPE")]
        if orgs and root.i >= orgs[0].start and root.i < orgs[0].end:
            return "org", _strip_det(orgs[0]), None
        if not any(t.is_alpha for t in mention):
            return "role", mention.text, None
        # "a spokesperson for the State Department" -> "State Department spokesperson"
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ in ("ORG", "GPE", "NORP"):
                    org = " ".join(t.text for t in pobj.subtree if t.dep_ != "det")
                    head = " ".join(t.text for t in mention if t.i < c.i and t.dep_ not in ("det", "poss"))
                    return "role", f"{org} {head}".strip(), None
            # "the Kremlin's spokesman" -> "Kremlin spokesman", as the line above
            if c.dep_ == "poss" and c.ent_type_ in ("ORG", "GPE", "NORP") and c.i < root.i:
                org = _strip_det(self.doc[c.left_edge.i : c.right_edge.i + 1])
                head = " ".join(t.text for t in mention if c.right_edge.i < t.i <= root.i)
                return "role", f"{org} {head}".strip(), None
        person = self.titled_person(mention)
        if person is not None:
            return "person", person, "title"
        person = self.described_person(mention)
        if person is not None:
            return "person", person, "epithet"
        return "role", _strip_det(mention), None

    # -- quotes --------------------------------------------------------------

    def resolve(self, quotes: Sequence[Any]) -> None:
        """Set ``speaker``/``speaker_kind`` (and ``speaker_via``) on each quote, in text order."""
        cands = list(self.candidates)
        for q in sorted(quotes, key=lambda x: x.speaker_start if x.speaker_start is not None else x.start):
            if q.speaker_start is None:
                continue
            span = self.doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            kind, name, via = self._classify(span)
            if kind == "pronoun":
                ref = (self._governing_subject(span[0], name) if name in ("he", "she") else None) \
                    or self._antecedent(cands, q.speaker_start, _PRONOUNS.get(name, "self"), name)
                if ref is not None:
                    if name in ("he", "she"):
                        self.gender.setdefault(ref[1], name)
                    q.speaker, q.speaker_kind, q.speaker_via = ref[1], ref[2], "pronoun"
                    if ref[2] == "person":
                        q.speaker_gender = name if name in ("he", "she") else self.gender.get(ref[1])
                else:
                    # the pronoun itself, in lower case so "He" and "he" are one; "I" stays "I"
                    q.speaker, q.speaker_kind = ("I" if name == "i" else name), "pronoun"
                continue
            if (kind == "role" and len(span) == 2 and span[0].lower_ in ("his", "her")
                    and span[1].lemma_.lower() in _PERSON_ORGS):
                # "His campaign sued the DNC": the campaign of the person "his" means
                pronoun = "he" if span[0].lower_ == "his" else "she"
                ref = self._governing_subject(span[0], pronoun) or self._antecedent(
                    cands, q.speaker_start, "person", pronoun)
                # another person named before it in its sentence who may be "him" or "her"
                # ("… an ailing Hillary Clinton stumbling to a van (her campaign later
                # disclosed …)" after a paragraph on Trump) makes it a guess: left a role
                if ref is not None:
                    others = {self.canonical_person(e.text.split(), self._ent_gender.get(e.start))
                              for e in self._ents_in(self.doc[span.sent.start : span.start])
                              if e.label_ == "PERSON"}
                    if not any(n != ref[1] and self._fits(n, pronoun) for n in others):
                        kind, name, via = "org", f"{ref[1]} {span[1].lemma_.lower()}", "pronoun"
            q.speaker, q.speaker_kind = name, kind
            if via:
                q.speaker_role, q.speaker_via = _strip_det(span), via
            elif kind == "person":
                q.speaker_role = person_role(span, self._ents_in(span))
            if kind == "person":
                q.speaker_gender = self.gender_of(name, span)
            # a speaker of speech (not of a stance verb such as "thought") is who "he" means next
            if kind in ("person", "org", "role") and getattr(q, "cue_kind", "speech") != "stance":
                i = bisect_left(cands, (q.speaker_start, "", ""))
                cands.insert(i, (q.speaker_start, name, kind))

    def _governing_subject(self, tok: Token, pronoun: str) -> tuple[int, str, str] | None:
        """The person named as subject of a clause that the pronoun's clause hangs from,
        earlier in the sentence: "Two weeks after Clinton lost her cool on a rope line,
        jabbing her finger at an activist as she angrily said, …" — she is Clinton, not
        the subject of an earlier sentence. A subject that is itself a pronoun ends the
        search (the thread of earlier sentences decides), and so does a line break: a
        parse that runs on into the next paragraph is no clause of the pronoun's."""
        line = self.doc.text.rfind("\n", 0, tok.idx)
        for anc in tok.ancestors:
            for k in anc.children:
                if k.dep_ not in ("nsubj", "nsubjpass") or k.i >= tok.i or k.idx < line:
                    continue
                kind, name = self.classify(speaker_mention(k))
                if kind == "pronoun":
                    return None
                if kind == "person" and self._fits(name, pronoun):
                    return (k.idx, name, kind)
        return None

    def _fits(self, name: str, pronoun: str) -> bool:
        """Whether ``he``/``she`` may stand for ``name`` (no gender known for it, or that one)."""
        return self.gender.get(name, pronoun) in (pronoun, "him" if pronoun == "he" else "her")

    def _antecedent(self, cands: list[tuple[int, str, str]], pos: int, want: str,
                    pronoun: str) -> tuple[int, str, str] | None:
        i = bisect_left(cands, (pos, "", ""))
        for j in range(i - 1, -1, -1):
            c = cands[j]
            if want == "person" and c[2] == "person":
                if not self._fits(c[1], pronoun):
                    continue
                return c
            if want in ("org", "group") and c[2] in ("org", "role"):
                return c
        return None


#: Lower-cased words that begin a surname of several words ("Van Hollen", "de Blasio").
_PARTICLES = frozenset(["van", "von", "de", "da", "del", "della", "di", "du", "la", "le", "bin", "al",
                        "el", "ben", "ter", "ten", "mac", "st.", "saint"])


def _extends(words: Sequence[str], first: dict[str, int]) -> bool:
    """Whether a name of three or more words is a word the entity recogniser took in
    front of a first and last name the article printed before it (``first``: each
    name's first position): "Crooked Hillary Clinton" (a nickname in a quoted tweet)
    after "Hillary Clinton", "Certainly Donald Trump" after "Donald Trump". A name
    printed in full before its shorter form is how articles introduce people
    ("Debbie Wasserman Schultz", then "Wasserman Schultz"), and a tail that starts
    with a particle is a surname of its own ("Chris Van Hollen", "Van Hollen")."""
    tail = " ".join(words[1:])
    return (len(words) >= 3 and words[1].lower() not in _PARTICLES and tail in first
            and first[tail] < first.get(" ".join(words), sys.maxsize))


def _within(words: Sequence[str], longer: Sequence[str]) -> bool:
    """Whether ``words`` appear in ``longer`` in order, perhaps with others between."""
    it = iter(longer)
    return all(w in it for w in words)


_PARAGRAPH_BREAK = re.compile(r"\n\s*")


_DET = re.compile(r"^(?:a|an|the|some|several|one|two|three|many|other|another)\s+", re.I)


_POSSESSIVE = re.compile(r"\s*[’']s?$")


def _strip_det(span: Span) -> str:
    """The mention without a leading determiner or a trailing possessive:
    "the Kremlin" and "the Kremlin's" -> "Kremlin"."""
    text = _POSSESSIVE.sub("", " ".join(span.text.split()).strip(" ,.;:"))
    return _DET.sub("", text) or text
