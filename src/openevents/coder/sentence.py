"""The coder's in-memory view of one parsed sentence, built from rows of the tokens table."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Container, Iterator

import polars as pl

from openevents.coder.lemmas import hyphen_stem, undoubled
from openevents.coder.patterns import PREPOSITION_VARIANTS
from openevents.errors import CoderInputError

if TYPE_CHECKING:
    from openevents.coder.dictionaries import Dictionaries


NAME_LINKS = frozenset({"of", "for", "and", "the", "de", "&"})  # lower-case words inside names (`Union of Mineworkers`)
HYPHEN_PREFIXES = frozenset({"de", "re", "un", "non", "counter", "co", "pre", "anti", "post", "cross", "self"})
# English prepositions (a closed class): a capitalised word the parser tags ADP that is none of these is a name
# it misread (a first name tagged ADP, with the surname as its object).
PREPOSITIONS = frozenset("""aboard about above across after against along amid amidst among amongst around as at
atop before behind below beneath beside besides between beyond but by circa concerning considering despite down
during except excluding following for from in including inside into like minus near next notwithstanding of off on
onto opposite out outside over past per plus regarding round save since than through throughout till to toward
towards under underneath unlike until unto up upon versus via vs. with within without worth""".split())


@dataclass(frozen=True)
class Tok:
    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent: str
    start: int
    end: int


@dataclass
class Sentence:
    """Tokens of one sentence with their children lists (head → dependents, in order)."""

    article_id: str
    index: int
    start: int
    end: int
    toks: list[Tok]
    children: list[list[int]] = field(default_factory=list)

    lemmas: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # pure per-sentence results (noun keys)

    def __post_init__(self) -> None:
        self.toks = repair_reported_object(repair_adjective_verb(repair_name_prepositions(self.toks)))
        self.children = [[] for _ in self.toks]
        for tok in self.toks:
            if tok.head != tok.i and 0 <= tok.head < len(self.toks):
                self.children[tok.head].append(tok.i)
        self.lemmas = [self._joined_lemma(tok) for tok in self.toks]

    def _joined_lemma(self, tok: Tok) -> str:
        """Lower-case lemma; a word the tokenizer split at a prefix hyphen keeps its prefix (`de-escalate`)."""
        lemma = tok.lemma.lower()
        if tok.pos == "ADP" or tok.dep == "prep":  # `agreed upon a pact`: the parser may tag `upon` SCONJ
            return PREPOSITION_VARIANTS.get(lemma, lemma)
        if self.hyphen_joined(tok.i) and self.toks[tok.i - 2].text.lower() in HYPHEN_PREFIXES:
            return f"{self.toks[tok.i - 2].text.lower()}-{lemma}"
        return lemma

    def hyphen_joined(self, i: int) -> bool:
        """Token i is the part after a hyphen of a word the tokenizer split there (`Port-au-Prince`, `de-escalate`)."""
        if i < 2 or self.toks[i - 1].text != "-":
            return False
        return self.toks[i - 2].end == self.toks[i - 1].start and self.toks[i - 1].end == self.toks[i].start

    def kids(self, i: int, *deps: str) -> list[int]:
        """Children of token i, only those with the given dependency labels when any are given."""
        return [c for c in self.children[i] if not deps or self.toks[c].dep in deps]


    def correct_lemmas(self, dicts: Dictionaries) -> None:
        """Lemmas as the dictionaries look words up: a hyphenated verb the lemmatizer cut wrongly (`re-opened` →
        `re-opene`, read `re-open`), the known errors and synonyms of lemmas.tsv and same_as.tsv (`staged` → `stag`
        → `stage`) unless a doubled consonant says otherwise (`rapped` is no `rape`), and a role noun opening the
        sentence that the parser took for a name (`Rebels in Mali …`)."""
        fixes, verbs = dicts.lemma_fixes, dicts.verb_patterns
        self.lemmas = [hyphen_stem(lemma, tok.pos, fixes, verbs) for lemma, tok in zip(self.lemmas, self.toks)]
        self.lemmas = [undoubled(fixes.get((lemma, tok.pos), lemma), tok)
                       for lemma, tok in zip(self.lemmas, self.toks)]
        self._recase_plural_roles(dicts.agents, dicts.actors)

    def _recase_plural_roles(self, roles: Container[str], names: Container[str]) -> None:
        """A plural role noun (a key of `roles`, none of `names`) opening the sentence that the parser tagged as a
        name (`Rebels in Mali attacked …`, `Guerrillas shelled …`: NNP, lemma `Rebels`) is the common noun; so is
        a capitalised plural role noun the parser tagged as a plural name elsewhere (`with US Marines`)."""
        first = next((t for t in self.toks if t.pos != "PUNCT"), None)
        for tok in self.toks:
            if tok.tag not in ("NNP", "NNPS") or not tok.text[1:].islower():
                continue
            if tok is not first and (tok.tag != "NNPS" or not self._plain_plural(tok.i, names)):
                continue
            after = tok.i + 1 < len(self.toks) and self.toks[tok.i + 1].pos == "PROPN"  # `Police Chief Lee`
            singular = next((w for w in singular_forms(tok.text.lower()) if w in roles), None)
            if singular and not after and tok.text.lower() not in names and singular != tok.text.lower():
                self.toks[tok.i] = replace(tok, lemma=singular, pos="NOUN", tag="NNS")
                self.lemmas[tok.i] = singular

    def _plain_plural(self, i: int, names: Container[str]) -> bool:
        """The word before token i is lower-case or a name of its own (`US Marines`), and token i is no word of a
        longer name (`Democratic Forces for …`, `the National Union of Mineworkers`)."""
        j = i - 1
        while j > 0 and self.toks[j].text in NAME_LINKS:
            j -= 1
        prev = self.toks[j].text if j >= 0 else ""
        k = i + 1
        while k < len(self.toks) - 1 and self.toks[k].text in NAME_LINKS:
            k += 1
        named_after = k > i + 1 and self.toks[k].text[:1].isupper()  # `Forces for the Liberation of Rwanda`
        return not named_after and (not prev[:1].isupper() or (j == i - 1 and prev.lower() in names))

    def lemma(self, i: int) -> str:
        return self.lemmas[i]

    def has_det(self, i: int, *words: str) -> bool:
        """Token i has a determiner among `words` (`the group`, `a group of settlers`)."""
        return any(self.lemmas[d] in words for d in self.kids(i, "det"))

    def is_question(self) -> bool:
        return bool(self.toks) and self.toks[-1].text == "?"


def singular_forms(word: str) -> list[str]:
    """Singulars a plural English noun may have (`militiamen` → militiaman, `parties` → party, `rebels` → rebel)."""
    forms = [word[:-3] + "man"] if word.endswith("men") else []
    forms += [word[:-3] + "y"] if word.endswith("ies") else []
    forms += [word[:-2]] if word.endswith("es") else []
    return forms + ([word[:-1]] if word.endswith("s") else [])


def repair_name_prepositions(toks: list[Tok]) -> list[Tok]:
    """A capitalised non-preposition tagged ADP whose object is the proper noun right after it is the first word
    of that name: it becomes a compound of the name, which takes its place in the tree."""
    fixed = list(toks)
    for tok in toks:
        nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
        if (tok.pos != "ADP" or not tok.text[:1].isupper() or tok.text.lower() in PREPOSITIONS or nxt is None
                or nxt.pos != "PROPN" or nxt.dep != "pobj" or nxt.head != tok.i):
            continue
        head = nxt.i if tok.head == tok.i else tok.head
        fixed[nxt.i] = replace(nxt, dep=tok.dep, head=head)
        fixed[tok.i] = replace(tok, pos="PROPN", tag="NNP", dep="compound", head=nxt.i)
        fixed = [replace(t, head=nxt.i) if t.head == tok.i and t.i not in (tok.i, nxt.i) else t for t in fixed]
    return fixed


NAME_MODIFIERS = frozenset({"det", "amod", "compound", "nsubj", "nmod", "poss"})  # `The regional bloc ECOWAS`


def repair_adjective_verb(toks: list[Tok]) -> list[Tok]:
    """A capitalised name with the past-tense word after it read as an adjective of a noun that the parser made the
    root or the name's object is the subject of that word, which is the verb and takes the noun as its object
    (`ECOWAS lifted sanctions on Niger`: `ECOWAS` the root, `lifted` an adjective of `sanctions`; `Angola hosted
    peace talks between …`: `talks` the root, `Angola` the subject of the adjective `hosted`)."""
    root = next((t for t in toks if t.head == t.i and t.dep == "ROOT"), None)
    if root is None:
        return toks
    if root.pos == "NOUN":
        return _noun_root_verb(toks, root) or _phrase_root_verb(toks, root) or toks
    return _name_root_verb(toks, root) or _name_pair_verb(toks, root) or toks


def _noun_root_verb(toks: list[Tok], root: Tok) -> list[Tok] | None:
    """`Angola hosted peace talks`, parsed with `talks` the root and `Angola` the subject of the adjective."""
    verb = next((t for t in toks[1:root.i] if t.head == root.i and t.dep == "amod" and t.tag in ("VBD", "VBN")), None)
    name = toks[verb.i - 1] if verb else None
    if name is None or name.dep != "nsubj" or name.head != verb.i or not name.text[:1].isupper():
        return None
    fixed = [replace(t, head=verb.i) if t.head == root.i and t.dep in ("punct", "advmod") else t for t in toks]
    fixed[root.i] = replace(root, dep="dobj", head=verb.i)
    fixed[verb.i] = replace(verb, pos="VERB", tag="VBD", dep="ROOT", head=verb.i)
    return fixed


def _phrase_root_verb(toks: list[Tok], root: Tok) -> list[Tok] | None:
    """`Rioters in New Caledonia torched shops`, parsed verbless: the root noun, its phrases, then `torched` an
    adjective of `shops` in the last phrase or in apposition to its object (`The expulsion of the ambassador by the
    junta angered Paris`). The noun is the subject of the word, which is the verb of the noun after it."""
    verbs = [t for t in toks if t.pos in ("VERB", "AUX") or t.tag in ("VBD", "VBN")]
    verb = verbs[0] if len(verbs) == 1 and verbs[0].i > root.i + 2 else None
    if verb is None or verb.dep != "amod" or verb.head != verb.i + 1 or toks[verb.i - 1].dep != "pobj":
        return None
    obj, before = toks[verb.head], toks[verb.i - 1]
    prep = toks[before.head]
    if (obj.head, obj.dep) not in ((prep.i, "pobj"), (before.i, "appos")) or not _phrase_of(toks, prep.i, root.i):
        return None
    fixed = [replace(t, head=verb.i) if t.head == root.i and t.i > verb.i else t for t in toks]
    fixed[root.i] = replace(root, dep="nsubj", head=verb.i)
    fixed[obj.i] = replace(obj, dep="dobj", head=verb.i)
    fixed[verb.i] = replace(verb, pos="VERB", dep="ROOT", head=verb.i)
    return fixed


def _phrase_of(toks: list[Tok], prep: int, root: int) -> bool:
    """Whether the phrase `prep` hangs on `root` through phrases only (`of the ambassador by the junta`)."""
    for _ in range(4):
        if toks[prep].head == root:
            return True
        up = toks[toks[prep].head]
        if up.dep != "pobj" or toks[up.head].dep != "prep":
            return False
        prep = up.head
    return False


def _name_pair_verb(toks: list[Tok], root: Tok) -> list[Tok] | None:
    """`In March, Trump hosted Bolsonaro in Florida`, parsed with `Bolsonaro` the root, `hosted` its adjective and
    `Trump` its modifier or the adjective's subject: the first name is the verb's subject, the root its object."""
    verb = toks[root.i - 1] if root.i >= 2 else None
    name = toks[root.i - 2] if verb else None
    if (name is None or root.pos != "PROPN" or verb.dep != "amod" or verb.tag not in ("VBD", "VBN")
            or verb.head != root.i or name.pos != "PROPN" or (name.head, name.dep) not in (
                (root.i, "nmod"), (root.i, "compound"), (verb.i, "nsubj"))):
        return None
    fixed = [replace(t, head=verb.i) if t.head == root.i and (t.i < name.i or t.i > root.i) else t for t in toks]
    fixed[name.i] = replace(name, dep="nsubj", head=verb.i)
    fixed[root.i] = replace(root, dep="dobj", head=verb.i)
    fixed[verb.i] = replace(verb, pos="VERB", tag="VBD", dep="ROOT", head=verb.i)
    return fixed


def _name_root_verb(toks: list[Tok], root: Tok) -> list[Tok] | None:
    """`ECOWAS lifted sanctions`, parsed with the name the root and the noun its object; the name keeps its own
    modifiers before it (`The regional bloc ECOWAS`), the rest goes to the verb."""
    verb = toks[root.i + 1] if root.i + 1 < len(toks) else None
    obj = toks[verb.head] if verb is not None and verb.head != verb.i else None
    if (obj is None or not root.text[:1].isupper() or verb.tag not in ("VBD", "VBN") or verb.dep != "amod"
            or obj.head != root.i or obj.dep != "dobj"):
        return None
    fixed = list(toks)
    for t in toks:
        if t.head != root.i or t.i in (root.i, verb.i):
            continue
        if t.i < root.i and t.dep in NAME_MODIFIERS:
            fixed[t.i] = replace(t, dep="compound") if t.dep == "nsubj" else t
        else:
            fixed[t.i] = replace(t, head=verb.i)
    fixed[root.i] = replace(root, lemma=root.text, pos="PROPN", tag="NNP", dep="nsubj", head=verb.i)
    fixed[verb.i] = replace(verb, pos="VERB", tag="VBD", dep="ROOT", head=verb.i)
    return fixed


REPORTING_VERBS = frozenset({"say", "announce", "state", "tell", "declare", "confirm", "report", "add", "note",
                             "indicate", "insist", "reiterate", "stress", "explain", "write", "tweet", "claim"})


def repair_reported_object(toks: list[Tok]) -> list[Tok]:
    """`The army massacred 220 villagers, Human Rights Watch said`, parsed with `villagers` the subject of `said`
    and the speaker its apposition: the noun is the object of the reported verb, the apposition the speaker."""
    root = next((t for t in toks if t.head == t.i and t.dep == "ROOT"), None)
    if root is None or root.lemma.lower() not in REPORTING_VERBS:
        return toks
    noun = next((t for t in toks[:root.i] if t.head == root.i and t.dep == "nsubj"), None)
    verb = next((t for t in toks[:root.i] if t.head == root.i and t.dep == "ccomp"), None)
    after = toks[noun.i + 1:root.i] if noun else []
    speaker = next((t for t in after if t.head == noun.i and t.dep == "appos"), None)
    if (speaker is None or verb is None or verb.i > noun.i or speaker.pos != "PROPN"
            or not any(t.dep == "punct" and t.head == noun.i and t.i < speaker.i for t in toks[noun.i:])
            or any(t.head == verb.i and t.dep in ("dobj", "attr", "ccomp", "xcomp") for t in toks)
            or any(t.head not in (noun.i, *range(verb.i + 1, noun.i)) for t in toks[verb.i + 1:noun.i])):
        return toks
    fixed = [replace(t, head=root.i) if t.head == noun.i and t.dep == "punct" else t for t in toks]
    fixed[noun.i] = replace(noun, dep="dobj", head=verb.i)
    fixed[speaker.i] = replace(speaker, dep="nsubj", head=root.i)
    return fixed


def iter_sentences(tokens: pl.DataFrame) -> Iterator[Sentence]:
    """Sentences of a tokens table in (article_id, sentence_index, token_index) order."""
    ordered = tokens.sort(["article_id", "sentence_index", "token_index"])
    columns = ["article_id", "sentence_index", "sentence_start", "sentence_end", "token_index", "text", "lemma",
               "pos", "tag", "dep", "head", "ent_type", "token_start", "token_end"]
    current: tuple[str, int] | None = None
    toks: list[Tok] = []
    bounds = (0, 0)
    for row in ordered.select(columns).iter_rows():
        key = (row[0], row[1])
        if key != current:
            if current is not None:
                yield Sentence(current[0], current[1], bounds[0], bounds[1], toks)
            current, toks, bounds = key, [], (row[2], row[3])
        if row[4] != len(toks):
            raise CoderInputError(f"article {row[0]} sentence {row[1]}: token {row[4]} out of sequence "
                                  "(token_index must run 0, 1, 2 … once per sentence)")
        toks.append(Tok(row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11] or "", row[12], row[13]))
    if current is not None:
        yield Sentence(current[0], current[1], bounds[0], bounds[1], toks)


def prep_objects(sent: Sentence, p: int) -> list[int]:
    """The objects of preposition p; of `outside of` and `inside of`, those of the `of`; of a preposition left
    without one, the subject the parser gave the clause that follows it (`granted asylum to five officers holed up
    in …`, parsed with `officers` the subject of `holed`)."""
    found = sent.kids(p, "pobj") or (sent.kids(p, "amod", "acomp") if sent.lemma(p) == "as" else [])  # `as unlawful`
    if found or sent.kids(p):
        return found or [o for q in sent.kids(p, "prep") if sent.lemma(p) in ("outside", "inside")
                         and sent.lemma(q) == "of" for o in sent.kids(q, "pobj")]
    verb = sent.toks[p].head
    for j in range(p + 1, min(p + 8, len(sent.toks))):
        tok = sent.toks[j]
        if tok.dep in ("nsubj", "nsubjpass") and sent.toks[tok.head].head == verb and tok.head > j:
            return [j] if all(_heads_to(sent, k, j) for k in range(p + 1, j)) else []
    return []


def _heads_to(sent: Sentence, k: int, j: int) -> bool:
    """Whether token k lies in the phrase headed at j."""
    for _ in range(8):
        if k == j:
            return True
        if sent.toks[k].head == k:
            return False
        k = sent.toks[k].head
    return False


CIRCUMSTANCE_PREPS = frozenset({"after", "before", "following", "follow", "during", "since", "until", "amid",
                                "despite"})  # `follow`: the lemma of `following` tagged as a verb


def second_level_preps(sent: Sentence, preps: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Prepositions on a common-noun object of a preposition (`pledged $50m in aid to Ukraine`) or on a predicate
    adjective read as an `as` phrase (`held Kyiv responsible for the attack`); inside a phrase of time or
    circumstance only places (`retreated after fighting in Goma`, not `imposed a blockade after the killing of two
    pilots`)."""
    found = []
    for lemma, obj in preps:
        if sent.toks[obj].pos in ("NOUN", "NUM", "SYM") or (lemma, sent.toks[obj].pos) == ("as", "ADJ"):
            found.extend((sent.lemma(p), o) for p in sent.kids(obj, "prep") for o in sent.kids(p, "pobj")
                         if lemma not in CIRCUMSTANCE_PREPS or sent.lemma(p) in ("in", "at", "near"))
    return found


def of_objects(sent: Sentence, n: int) -> list[int]:
    """The objects of the `of` phrases of token n (`the request of the government`)."""
    return phrase_objects(sent, [n], ("of",))


def phrase_objects(sent: Sentence, heads: list[int], preps: Container[str]) -> list[int]:
    """The objects of the phrases on any of `heads` whose preposition is one of `preps` (`in Kharkiv` on `strike`)."""
    return [o for h in heads for p in sent.kids(h, "prep") if sent.lemma(p) in preps for o in sent.kids(p, "pobj")]


def present_passive(sent: Sentence, v: int) -> bool:
    """A passive in the simple present (`is deported`): with an `if` clause it states a rule, not an act (`if all
    appeals fail, the person is deported`); an active one may be a conditional threat (`Iran threatens to … if`)."""
    return any(sent.toks[a].tag in ("VBZ", "VBP") for a in sent.kids(v, "auxpass"))


def up_to_object(sent: Sentence, v: int) -> tuple[int, int] | None:
    """(`up`, counted object) when the parser read the quantity `up to 16 advisers` as a particle and a `to` phrase
    (`kidnapped up to 20 Chinese workers`)."""
    if sent.kids(v, "dobj", "obj"):
        return None
    for up in sent.kids(v, "prt", "advmod"):
        to = up + 1
        if sent.lemma(up) == "up" and to < len(sent.toks) and sent.toks[to].head in (v, up) and sent.lemma(to) == "to":
            counted = [o for o in sent.kids(to, "pobj") if sent.kids(o, "nummod")]
            if counted:
                return up, counted[0]
    return None


PURPOSE_DEPS = ("xcomp", "advcl", "acl", "dobj", "prep", "pobj", "pcomp")


def purpose_nouns(sent: Sentence, head: int, depth: int = 5, pos: tuple[str, ...] = ("NOUN",),
                  deps: tuple[str, ...] = PURPOSE_DEPS) -> list[int]:
    """Nouns an act is about through its purpose clause and prepositions, nearest first: `staged demonstrations to
    demand reforms by Suharto's government`, `a sit-in against abuses by the police`."""
    found: list[int] = []
    frontier = [head]
    for _ in range(depth):
        frontier = [c for t in frontier for c in sent.kids(t, *deps)]
        found += [c for c in frontier if sent.toks[c].pos in pos]
    return found
