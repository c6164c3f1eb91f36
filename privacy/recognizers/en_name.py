"""English person names.

- spaCy NER PERSON entities, filtered against its usual false positives in shop chat:
  product and brand names (digits, CamelCase, product nouns), greetings, all-caps words,
  and single words that are neither a known given/family name nor introduced by a cue;
- cues: "my name is", "this is", "name:", "recipient", "cardholder", titles (Mr/Ms/Dr…),
  sign-offs ("Thanks, Anna") — lower-case names after a strong cue count too;
- a gazetteer of given + family names (faker's lists for several locales) for "Anna Smith"
  that the small NER model misses.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .base import LATIN, Recognizer
from .pinyin import pinyin_names
from .places import BRANDS, is_brand_use, is_place_context, place_names, place_spans

_COMMON = frozenset("""will may june grant bill mark rose hope joy faith art amber page sky summer hunter chase
price story young long green brown white black gray grey king rich hill wood bell cook ward wells lane street case
booth bay van dee jack frank carol don ray sue pat guy major miles sterling love best early north south east west
april august january march october happy thanks thank hello hi hey dear regards cheers sir madam order refund return
customer service support team store shop the and for you your please can not yes no ok okay sure amazon apple google
paypal visa mastercard express prime gold silver royal ever iphone samsung galaxy pixel nike adidas sony dell max pro
air mini plus ultra lite free fast new old big small red blue pink orange violet iris lily daisy holly ivy jade ruby
crystal pearl diamond honey candy sugar angel baby star sunny rain storm river ocean forest park city town
monday tuesday wednesday thursday friday saturday sunday february september november december princess prince
queen duke royal lord lady christmas easter labor labour memorial billing sales accounts accounting reception
shipping returns management security delivery dispatch warehouse finance legal marketing someone anyone everyone
nobody manager supervisor agent courier driver american german chinese japanese british english french italian
spanish korean canadian australian indian russian mexican brazilian dutch swiss swedish irish scottish welsh european
asian african thai vietnamese filipino indonesian malaysian singaporean polish turkish greek portuguese norwegian
danish finnish austrian belgian israeli egyptian nigerian kenyan pakistani arab arabic latino hispanic""".split())

_PRODUCT_WORDS = frozenset("""dryer phone headphones earbuds speaker blender laptop tablet watch camera keyboard mouse
monitor charger cable vacuum kettle shoes shoe sneakers jacket shirt case bag router console controller lamp mixer
toaster fan heater purifier mattress pillow bottle tv series edition model pro max mini plus ultra app account
sofa couch armchair chair table desk bed rug wardrobe dresser bookcase cabinet stroller pram paint
delivery order package parcel refund return warranty invoice receipt""".split())


def _names(values) -> list[str]:
    """Latin-script single names from a faker list (lists, tuples or weighted dicts)."""
    if not isinstance(values, (list, tuple, dict, set, frozenset)):
        return []
    return [n.lower() for n in values if isinstance(n, str) and n.isalpha() and ord(n[0]) < 0x250]


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Ordinary English words (faker's lorem list + spaCy stop words): never a name on their own."""
    words = set(_COMMON)
    try:
        from faker.providers.lorem.en_US import Provider as Lorem
        words.update(w.lower() for w in Lorem.word_list)
        from spacy.lang.en.stop_words import STOP_WORDS
        words.update(STOP_WORDS)
    except Exception:
        pass
    return frozenset(words)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """Given and family names of every Latin-script locale faker ships (loaded once, offline)."""
    import importlib
    import pkgutil

    import faker.providers.person as people
    first: set[str] = set()
    last: set[str] = set()
    for mod in pkgutil.iter_modules(people.__path__):
        try:
            prov = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        except Exception:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            first.update(_names(getattr(prov, attr, ())))
        for attr in ("last_names", "last_names_male", "last_names_female"):
            last.update(_names(getattr(prov, attr, ())))
    common = _english_words()
    return frozenset(n for n in first - common if len(n) > 2), frozenset(n for n in last - common if len(n) > 2)


@lru_cache(maxsize=1)
def _folded() -> tuple[frozenset[str], frozenset[str]]:
    """The gazetteer as typed without diacritics ("KOVACS" for Kovács). Only for names in
    capitals: folding makes words like "hong" a name, which running text must not get."""
    first, last = _gazetteer()
    return frozenset(first | {_fold(n) for n in first}), frozenset(last | {_fold(n) for n in last})


def _fold(name: str) -> str:
    """The name without combining marks (NFKD), so typed-without-accents spellings match."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _RAW_FIRST() -> frozenset[str]:
    """Given names including those that are also words (Mark, Will): only used after a cue."""
    from faker.providers.person.en_US import Provider
    return frozenset(n.lower() for n in Provider.first_names)


def is_first(w: str) -> bool:
    return w.lower() in _gazetteer()[0]


def is_last(w: str) -> bool:
    return w.lower() in _gazetteer()[1]


# Ranges, not enumerated characters: enumerations make the patterns slow to compile. Latin
# Extended-A/B, Greek and Cyrillic mix cases within their blocks, so they count as both.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0370-\u03ff\u0400-\u04ff"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0370-\u03ff\u0400-\u04ff"
# a hyphen joins a second part, capitalised or not ("Ashcombe-Price", "Jean-luc"); a token never
# stops inside a word, so "Ph" of "PhD" is not a name token
_HY = rf"(?:-[{_UP}]?[{_LO}'’]+)*"
_NAME_TOK = (rf"(?:Mc|Mac|O'|D'|O’)?[{_UP}][{_LO}'’]+{_HY}(?![{_LO}{_UP}\-])"
             rf"|[{_UP}](?:\.|(?![{_LO}{_UP}]))")
_CAP_SEQ = rf"(?:{_NAME_TOK})(?:[ \t]+(?:{_NAME_TOK})){{0,3}}"
_STRONG = re.compile(
    r"(?:\b(?:my|his|her|their|the|our|your|(?:son|daughter|wife|husband|mother|mom|mum|father|dad|friend|brother|"
    r"sister|child|kid|partner|boyfriend|girlfriend|neighbou?r|colleague|boss|baby|grandson|granddaughter|niece|nephew|"
    r"cousin|recipient)['’]s) (?:full )?name(?: is|'s|’s)|\bname\s*:|\brecipient(?: name)?\s*(?:is|:)?|\bcard ?holder(?: name)?\s*(?:is|:)?|"
    r"\baccount (?:holder|name)\s*(?:is|:)?|\bname on the (?:card|account|order) is|\baddressed to|\battn\.?:?|"
    r"\bship(?:ped)? to|\bdeliver(?:ed)? to|\bsigned[,:]?|\bcall me|\bi'?m called|\bcontact person\s*(?:is|:)?|"
    r"\b(?:first|last|middle|maiden|family|given|full|sur)\s?name(?: is| was|\?|:)|\bnamed|\bcalled|"
    r"\bchange (?:it|the name) to|\bdirected by:?|\bwritten by:?|\bbeneficiary:?|\bspeak (?:to|with)|"
    r"\bask for|\bcontact:|\bfrom:|\bto:|\bsigned by|\bcc:|"
    r"\b(?:buyer|purchaser|consignee|addressee|sender|orderer|payer)(?: name)?\s*(?:is|:))\s+",
    re.I)
_WEAK = re.compile(r"(?:\bthis is|\bsaid|\btold|\basked|\buser:|\bagent:|\bcustomer:|\bwith|\bto|\bex-|\bkid|\bson|"
                   r"\bdaughter|\bwife|\bhusband|\bmother|\bfather|\bfriend|\bbrother|\bsister|\bcolleague|\bmanager|\bi am|\bi'm|\bit'?s|\bhi|\bhello|\bhey|\bdear|\bthanks|\bthank you|\bregards|"
                   r"\bcheers|\bbest|\bsincerely|\bask for|\btell|\bwith|\bfrom|\bby|\bfor|\band)[,!]?\s+", re.I)
# (?<![A-Za-z]), not \b: a title glued to Chinese text ("联系Mr. Wang") has no word boundary
# the abbreviated titles also in lower case with their full stop ("accounts with ms. Quinzia"):
# typed in a hurry, they still introduce the capitalised name after them
_TITLE = re.compile(rf"(?<![A-Za-z])(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mister|Mme|Mlle|Herr|Frau|Sr|Sra|Srta)\.?"
                    rf"|(?:mr|mrs|ms|mx|dr|prof)\.)\s+(?=[{_UP}])")
_SEQ = re.compile(_CAP_SEQ)
_LOWER_NAME = re.compile(r"[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?")
_PAIR = re.compile(rf"(?<![\w\-'’])((?:Mc|Mac|O')?[{_UP}][{_LO}'\-]+)[ \t]+(?:[{_UP}]\.?[ \t]+)?((?:Mc|Mac|O')?[{_UP}][{_LO}'\-]+{_HY})(?![\w])")
_LOWER_PAIR = re.compile(rf"(?<![\w@.])([{_LO}]{{3,}})[ \t]+(?:[{_LO}]\.?[ \t]+)?([{_LO}][{_LO}'\-]{{2,}})(?![\w@])")
_SINGLE = re.compile(rf"(?<![\w@.\-])(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}(?![\w@\-])")
# "Anna, Ben and Carla": a list of capitalised words where one is a known name
_LIST = re.compile(rf"(?:{_NAME_TOK})(?:,[ \t]*(?:{_NAME_TOK})){{1,8}},?[ \t]+(?:and|&|or)[ \t]+(?:{_NAME_TOK})")
# Openers and sign-offs: "Hi Manlio,", "Dear Ksenia!", "Regards, Tzigane", "Vinka here," — one or two
# capitalised words in the slot of a name, even when the gazetteer does not know them
_OPENER = re.compile(rf"(?:\b(?:hi|hello|hey|dear|morning|evening)[ \t]+|\b(?:regards|thanks|thank you|cheers|best|"
                     rf"sincerely|br|wishes)[,!]?[ \t\n]+-?[ \t]*|(?:^|\n)[ \t]*)(?P<n>(?-i:(?:[{_UP}]\.[ \t]?)?(?:Mc|Mac|O')?[{_UP}][{_LO}'\-]{{2,}}"
                     rf"(?:[ \t]+(?:Mc|Mac|O')?[{_UP}][{_LO}'\-]{{2,}}{_HY})?))(?P<here>[ \t]+here\b)?(?=[ \t]*(?:[,!.\n]|$))", re.I)
_SELF_ONE = re.compile(rf"(?i:\b(?:this is|i am|i'm|it'?s|my name's))[ \t]+(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'\-]{{2,}})"
                       rf"(?=[ \t]*(?:[,.!;]|$| here\b))")
# "Marrero and Murphy": two capitalised words joined by "and"
_AND_PAIR = re.compile(rf"(?<![\w@.\-])((?:Mc|Mac|O')?[{_UP}][{_LO}'\-]{{2,}})[ \t]+(?:and|&)[ \t]+"
                       rf"((?:Mc|Mac|O')?[{_UP}][{_LO}'\-]{{2,}})(?![\w@\-])")
# "silvana, adam, christopher and caleb": the same in lower case
_LOWER_LIST = re.compile(rf"(?<![\w@.])[{_LO}]{{3,}}(?:,[ \t]*[{_LO}]{{3,}}){{1,8}},?[ \t]+(?:and|&|or)[ \t]+[{_LO}]{{3,}}(?![\w@])")


_TRAILING = frozenset("""thanks thank hello hi hey dear regards cheers please here and the for you your order refund
return customer service support team store shop can not yes no ok okay sure i my speaking calling writing again
from""".split())


def _clean(seq: str) -> str:
    """Drop trailing words that are not names (Thanks, Anna Please → Anna)."""
    toks = seq.split()
    while toks and (toks[-1].lower() in _TRAILING or toks[-1].lower() in _PRODUCT_WORDS):
        toks.pop()
    return " ".join(toks)


_TO_PLACE = re.compile(r"(?i:\b(?:ship(?:ped|s)?|deliver(?:ed|s)?|sent|send|post(?:ed)?|mov(?:ed|ing)|"
                       r"liv(?:e|es|ed|ing)|based|located|travel(?:l?ed|l?ing)?|flying|fly|flew|drive|drove)[ \t]+(?:to|in|at|from)[ \t]+)$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_THING_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP"})
_LIST_SEP = re.compile(r"\s*(?:,|/|&|\bor\b|\band\b)\s*$", re.I)



# Shops name products and their options after people (the Jasmine lamp, the Aurora model, "in
# Ivory"); a lone first name in an option slot is the option. Structure only: the word is followed
# by an option or product noun, or it fills the slot after "in"/"colour:" or a choosing verb and
# ends the clause ("I want Ivory.", "swap it for Rose?"). Cue-found names (score >= 0.8) are kept.
# (nouns only: set, line, finish, print… are verbs after a name as often as options)
_OPTION_NOUN = r"model|edition|version|variant|series|colou?r|colourway|shade|size|pattern|flavou?r|scent|collection|option"
_OPTION_AFTER = re.compile(rf"[ \t]+(?:{_OPTION_NOUN})(?![A-Za-z])", re.I)
_OPTION_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?:in|the|colou?r|shade|finish|flavou?r|scent|option|variant|version)"
                            r"[ \t]*[:：]?[ \t]*)$", re.I)
_CHOOSE_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?:want|prefer|choose|pick|order(?:ed)?|swap(?: it| them)? for|"
                            r"exchange(?: it| them)? for|switch(?: it| them)? to|change(?: it| them)? to|go with)[ \t]+)$", re.I)
# "Sarah account number", "Tom order": a person's own things, not a product named after them
_SERVICE_WORDS = frozenset("delivery order package parcel refund return warranty invoice receipt account app phone "
                           "case watch".split())
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,!?;\n，。！？]|instead|please|(?:is|are|was|were)\b|$)", re.I)


def _filler_words(words: list[str]) -> bool:
    """Every word is an ordinary English word and one is a function word (again, just, so…)."""
    from spacy.lang.en.stop_words import STOP_WORDS
    low = [w.lower().strip(".,!?") for w in words]
    return any(w in STOP_WORDS for w in low) and all(w in STOP_WORDS or w in _english_words() or w in _FILLER
                                                      for w in low)


# interjections and sentence adverbs people capitalise at the start of a line
_FILLER = frozenset("sorry oops ugh hmm wow yeah yep nope honestly basically actually anyway anyways literally "
                    "seriously finally unfortunately luckily hopefully apparently".split())


def is_option_word(text: str, s: int, e: int) -> bool:
    """True when the single word text[s:e] sits where a product or option name goes."""
    after = text[e:]
    nxt = re.match(r"[ \t]+([A-Za-z]+)", after)
    if _OPTION_AFTER.match(after) or (nxt and nxt.group(1).lower() in _PRODUCT_WORDS - _SERVICE_WORDS):
        return True
    before = text[max(0, s - 40):s]
    if _OPTION_BEFORE.search(before) and _CLAUSE_END.match(after):
        return True
    return bool(_CHOOSE_BEFORE.search(before) and _CLAUSE_END.match(after))

class _Spans:
    """Sorted spans with a bisect lookup, so each candidate costs O(log n), not O(n)."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def containing(self, s: int, e: int, strict: bool = False) -> bool:
        k = bisect.bisect_right(self.starts, s)
        for a, b in self.spans[max(0, k - 4):k]:   # spans barely nest: a few neighbours suffice
            if a <= s and e <= b and (not strict or b - a > e - s):
                return True
        return False

    def last_end_before(self, s: int) -> int:
        k = bisect.bisect_right(self.starts, s)
        ends = [b for _, b in self.spans[max(0, k - 4):k] if b <= s]
        return max(ends) if ends else -1


def _is_given(word: str) -> bool:
    w = word.lower()
    return is_first(w) or w in _RAW_FIRST()


# Post-nominal letters mark the name before them: "Mark Ellis MD", "Erica Adams, Sr."
_SUFFIXED = re.compile(rf"(?<![\w])((?:Mc|Mac|O')?[{_UP}][{_LO}'\-]+[ \t]+(?:[{_UP}]\.?[ \t]+)?(?:Mc|Mac|O')?[{_UP}][{_LO}'\-]+{_HY})"
                       r"(?=,?[ \t]+(?:MD|M\.D\.|PhD|Ph\.D\.|Jr\.?|Sr\.?|DDS|DMD|Esq\.?|III|II|IV|RN|DVM|MBA|MSc|BSc|CPA|QC|KC|OBE|MBE)(?![\w]))")
# ALL-CAPS and lower-case names after a cue ("MY NAME IS SYLVIA WILSON", "this is erin black")
# "ANNA KOVACS" with no cue: an upper-case pair whose words are a known given and a known family
# name (shouting customers and form fields write names in capitals)
_CAPS_PAIR = re.compile(r"(?<![A-Za-z'\-])([A-Z]{2,}(?:-[A-Z]{2,})?)[ \t]+(?:[A-Z]\.?[ \t]+)?([A-Z]{2,}(?:[-'][A-Z]{2,})?)(?![A-Za-z'\-])")
# a lower-case sign-off closing the message: "thanks - tomasz", "cheers, olga b"
_LOW_SIGNOFF = re.compile(r"(?i:\b(?:regards|thanks|thank you|thx|cheers|best|sincerely|br|wishes|love))"
                          r"(?:[ \t]*[,!.][ \t\n]*|[ \t\n]+)(?:[-–—~][ \t]*)?"
                          r"(?P<n>[a-z][a-z'\-]{2,}(?:[ \t]+[a-z][a-z'\-]+)?|[A-Z][A-Z'\-]{2,}(?:[ \t]+[A-Z][A-Z'\-]+)?)[ \t.!]*$")
# a lower-case given name right after a relative or a self-introduction: "my wife jolene will…",
# "yo its marcus, where…" (the gazetteer decides; ordinary words never count)
_KIN_LOWER = re.compile(r"(?i:\b(?:my|our|his|her)[ \t]+(?:wife|husband|son|daughter|mother|mom|mum|father|dad|friend|"
                        r"brother|sister|colleague|partner|neighbou?r|boss|kid|girlfriend|boyfriend|fiancée?|roommate)"
                        r"|\b(?:this is|it'?s|its|i am|i'?m|im)(?=[ \t]+[a-z]+(?:[ \t]*[,.!]|[ \t]+(?:from|again|here|speaking|calling|writing)\b)))[ \t]+(?P<n>[a-z][a-z'\-]{2,})(?![\w@])")
# the slot before a shouted name: "ORDER FOR", "PLACED BY", "RECIPIENT:", "NAME ON THE ACCOUNT:"
_CAPS_CUE_PAIR = re.compile(r"(?i:\b(?:order(?:ed)? for|placed by|signed(?: for)? by|recipient|addressee|name|buyer|customer|"
                            r"attn|attention|cardholder|consignee|contact)[ \t]*:?[ \t]*)"
                            r"([A-Z]{2,}(?:-[A-Z]{2,})?)[ \t]+([A-Z]{2,}(?:[-'][A-Z]{2,})?)(?![A-Za-z'\-])")
# a sign-off line, then a line of two or three words in capitals: the signature, known name or not
# ("All the best,\nTARQUIN WELLESBY\nHead of Ops"); a job title or company on that line is vetoed
# by the word lists below
_CAPS_SIGN_LINE = re.compile(r"(?i:\b(?:regards|thanks|thank you|cheers|best|sincerely|faithfully|truly|wishes))"
                             r"[ \t]*[,!.]?[ \t]*\n[ \t]*(?P<n>[A-Z][A-Z'\-]+(?:[ \t]+[A-Z][A-Z'\-]+){1,2})[ \t]*(?=\n|$)")
_CORP_SUFFIX = frozenset("ltd llc inc plc corp co gmbh ag sa srl bv nv pty kg oy ab as spa limited company".split())
_PERSON_VERB = re.compile(r"[ \t]+(?:will|is|was|has|had|can|could|would|should|might|must|did|does|just|also|"
                          r"wants|needs|paid|ordered|bought|placed|signed|picked|lives|works)\b", re.I)
# "It's for Barnaby so…": the one a purchase is for — a capitalised word closing the clause that
# the model reads as a person and that is no ordinary word, place, brand or product
# ("it's for Windows", "for Halloween" are not)
_FOR_ONE = re.compile(rf"(?i:\b(?:it'?s|it is|this is|that'?s|these are|they'?re|a (?:gift|present))[ \t]+for)[ \t]+"
                      rf"(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})(?=[ \t]*(?:[,.!;\n]|$)|[ \t]+(?i:so|please|and|but|who)\b)")
# "Message from GWENDOLYN:", "please tell maximilian the package…": one known given name in
# capitals or lower case after a request verb or "from"
_CUE_ONE_CASED = re.compile(r"(?i:\b(?:from|tell|ask|remind|thank|let|ring|call|phone|text|ping)[ \t]+)(?P<n>(?-i:[A-Z][A-Z'\-]{2,}|[a-z][a-z'\-]{2,}))"
                            r"(?![\w@\-])")
_AFTER_ONE = re.compile(r"[ \t]*(?:[,.!:;?\n]|$)|[ \t]+(?:the|that|to|about|my|her|his|i|we|it)\b", re.I)
_CLOSING_WORDS = frozenset("bye byee later xx xxx xo xoxo cya ttyl again all everyone guys team folks".split())
_PAIR_ACTS = re.compile(rf"(?<![\w\-'’])((?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})[ \t]+((?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})"
                        r"(?=[ \t]+(?:called|phoned|rang|emailed|e-mailed|texted|messaged|said|told|asked|ordered|paid|"
                        r"wrote|signed|promised|replied|answered|collected|picked|bought|returned|complained)\b)")
_SELF_WORDS = re.compile(r"(?i)(?:this is|it'?s|its|i am|i'?m|im)\b")
# "Ask Kowalczyk at the desk", "tell Okafor": one capitalised known name after a request verb
_ASK_ONE = re.compile(rf"(?i:\b(?:ask|tell|call|ping|text|remind|thank)[ \t]+)(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’]{{2,}})"
                      rf"(?![\w@\-])")
# "it's RHIANNON again", "this is NADIA here": one known name in capitals after a self-introduction
_SELF_CAPS = re.compile(r"(?i:\b(?:this is|it'?s|its|i am|i'?m|im|my name'?s|my name is))[ \t]+"
                        r"(?P<n>[A-Z][A-Z'\-]{2,})(?![A-Za-z])")
# "i talked to dominik on the phone": one lower-case known given name after a talking verb
_TALK_LOWER = re.compile(r"(?i:\b(?:spoke|spoken|speaking|talked|talking|chatted|chatting)[ \t]+(?:to|with))[ \t]+"
                         r"(?P<n>[a-z][a-z'\-]{2,})(?![\w@])")
# "my roommate Tobiah", "our neighbour Okonjo": a capitalised word right after a relation is a name
# even when the gazetteer does not know it (the relation word is the cue)
_KIN_WORDS = (r"wife|husband|son|daughter|mother|mom|mum|father|dad|friend|brother|sister|colleague|partner|"
              r"neighbou?r|boss|kid|girlfriend|boyfriend|fianc[eé]e?|roommate|flatmate|housemate|cousin|aunt|uncle|"
              r"nephew|niece|grandma|grandpa|grandmother|grandfather|grandson|granddaughter|assistant|coworker|"
              r"co-worker|manager|secretary|nanny|landlord|landlady|tenant|sibling|child|stepson|stepdaughter")
_KIN_CAP = re.compile(rf"(?i:\b(?:my|our|his|her|their)[ \t]+(?:{_KIN_WORDS}),?)[ \t]+"
                      rf"(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}(?:[ \t]+(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})?)(?![\w@])")
# "Never mind, sorted. - Radoslaw": a dash and one or two capitalised words close the message
_DASH_SIGN = re.compile(rf"(?:^|[.!?\n])[ \t]*[-–—~]+[ \t]*(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}"
                        rf"(?:[ \t]+(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})?|[A-Z][A-Z'\-]{{2,}}(?:[ \t]+[A-Z][A-Z'\-]{{2,}})?)[ \t.!]*$")
# "signed for by J. SMITH", "Regards, A. Kowalski": initials and a known family name after a cue
_INITIAL_NAME = re.compile(r"(?i:\b(?:by|from|to|for|signed|regards|thanks|cheers|attn|sincerely|best|contact|name)[.,:]?)"
                           r"[ \t\n]+(?P<n>[A-Z]\.[ \t]?(?:[A-Z]\.[ \t]?)?(?P<f>[A-Z][a-z'\-]{2,}|[A-Z]{2,}))(?![A-Za-z])")
# "the Jackson guitar amp", "The Carolina Blue hoodie": a capitalised word between a determiner
# and a noun modifies the noun (a brand, a colour, a model), it is nobody
_DET_BEFORE_ONE = re.compile(r"(?:^|(?<=[^A-Za-z]))(?:the|this|that|these|those|a|an|my|your|our|their)[ \t]+$", re.I)
_NOUN_AFTER = re.compile(rf"(?:[ \t]+[{_UP}][{_LO}]+){{0,2}}[ \t]+(?P<w>[a-z]{{3,}})\b")
# what brands named after people (designers, founders, characters) are sold as
_BRAND_NOUN = re.compile(rf"(?:[ \t]+[{_UP}][\w\-]*){{0,1}}(?i:[ \t]+(?:running|walking|hiking|baby|kids|leather|rain|"
                         r"kitchen|bath|travel|gift))?[ \t]+(?i:tee|tees|bra|bras|glasses|hoover|vacuum|lamp|toaster|"
                         r"mixer|romper|onesie|cushion|pillow|duvet|towels?|gift set|knife set|cookware|tea|coffee|soap|"
                         r"shampoo|lotion|novel|biography|album|watch(?:es)?|dress(?:es)?|jeans|wallet|purse|handbag|bag|"
                         r"polo|shirt|t-shirt|sunglasses|perfume|fragrance|cologne|boots|shoes|sneakers|trainers|heels|"
                         r"sandals|suit|coat|jacket|scarf|belt|necklace|bracelet|earrings|sweater|jumper|hoodie|skirt|"
                         r"blouse|lipstick|mascara|serum|candle|box set|boxset|figures?|dolls?|guitar|amp|"
                         r"amplifier|headphones|earbuds|razor|blender|kettle|backpack|luggage|suitcase|collection|"
                         r"jersey|cap|beanie|gloves|socks|tights|swimsuit|bikini|pyjamas|pajamas|paint|sofa|couch|armchair|chair|"
                         r"table|desk|rug|stroller|mug|eau de \w+)\b")
_HOLIDAYS = frozenset("christmas xmas easter halloween thanksgiving diwali hanukkah ramadan eid".split())
_HOLIDAY_AFTER = re.compile(r"[ \t]+(?i:christmas|xmas|easter|halloween|thanksgiving|new year|holidays)\b")
_UNIT_WORDS = frozenset("dept department team office desk division unit group accounts purchasing procurement".split())
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# a single word right before a branch noun is a branch or place name ("the Chelsea branch")
# (one place word may stand between: "the Lincoln Park store"; a family name may not: "Ann Lee office")
_BRANCH_AFTER = re.compile(r"(?:[ \t]+(?:Park|Square|Street|Road|Hill|Green|Centre|Center|Plaza|Village|Town|Heights|Bay|"
                           r"Harbour|Harbor|Gardens|Cross|Bridge|Gate|Point|Valley))?[ \t]+(?:branch|store|shop|outlet|office|location|mall|warehouse|depot|showroom|"
                           # (not "stores", "shops", "state": verbs after a name too — "Jennifer stores it")
                           r"branches|county|district|province|borough|parish|"
                           r"campus|station|airport|hotel|center|centre)\b", re.I)
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.[ \t]$")


_INITIAL_LEAD = frozenset("by to from for with and or dear hi hello hey attn attn: is am contact signed regards thanks "
                          "cheers sincerely best cc: to: from: name: recipient".split())


def _initial_slot(text: str, i: int) -> bool:
    """An initial starts a name only at the start of a line or after a word that leads into one."""
    before = text[max(0, i - 20):i]
    if not before.strip() or before.rstrip(" \t").endswith("\n"):
        return True
    last = before.split()[-1].lower().rstrip(",")
    return last in _INITIAL_LEAD


def _mostly_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) * 10 > len(letters) * 6


# "called" introduces a name ("a guy called Desmond") but also ends a clause ("Mr Pike called twice")
_BARE_CALLED = re.compile(r"(?i)(?<!\bam )(?<!\bis )(?<!\bwas )(?<!\bi'm )\bcalled\s+$")
# privacy14: a title before a name in capitals ("Mr SMITH-JONES called"), and one known given name
# in capitals after a weak cue ("the parcel is for ALISTAIR")
_TITLE_CAPS = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|MR|MRS|MS|DR|PROF)\.?[ \t]+"
                         r"(?P<n>[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?(?:[ \t]+[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?)?)(?![A-Za-z])")
_CAPS_NAME = re.compile(r"[A-Z][A-Z'\-]+(?:[ \t]+[A-Z][A-Z'\-]+){0,2}")
_LOW_NAME2 = re.compile(r"[a-z][a-z'\-]+(?:[ \t]+[a-z][a-z'\-]+)?")


@lru_cache(maxsize=1)
def _RAW_LAST() -> frozenset[str]:
    """Family names including those that are also words (Black, King): only used after a cue."""
    from faker.providers.person.en_US import Provider
    return frozenset(n.lower() for n in Provider.last_names)


def _cue_words(words: list[str], strong: bool) -> list[str]:
    """The leading words after a cue that read as a name (first: a given name, or any
    non-word after a strong cue; second: a family name, including word-like ones)."""
    keep: list[str] = []
    for k, w in enumerate(words):
        lw = w.lower()
        if k == 0:
            ok = _is_given(lw) or is_last(lw) or (strong and lw.isalpha() and len(lw) > 2 and lw not in _english_words())
        else:
            # SEO-YEON, O'NEIL: hyphens and apostrophes inside a family or double given name
            bare = lw.replace("-", "").replace("'", "")
            ok = is_last(lw) or lw in _RAW_LAST() or (bare.isalpha() and len(bare) > 2 and lw not in _english_words())
        if not ok or lw in _TRAILING:
            break
        keep.append(w)
    return keep


# Street words that end a street name, never a person's name ("Church Lane", "Mill Road").
_STREET_END = re.compile(r"(?:Street|Road|Lane|Avenue|Boulevard|Drive|Close|Crescent|Terrace|Gardens|Mews|Parkway|"
                         r"Highway|Square|Place|Way|Row|Walk|Grove)")


class EnglishNameRecognizer(Recognizer):
    ENTITIES = ["PERSON"]

    def find(self, text, nlp_artifacts):
        if not LATIN.search(text):
            return
        ents = getattr(nlp_artifacts, "entities", None) or []
        gaz = _Spans(place_spans(text))
        ner_places = [(e.start_char, e.end_char) for e in ents if e.label_ in _PLACE_LABELS]
        places = _Spans(gaz.spans + ner_places)
        ner_only = _Spans(ner_places)
        things = _Spans([(e.start_char, e.end_char) for e in ents if e.label_ in _THING_LABELS])
        for cand in self._candidates(text, ents):
            if not self._vetoed(text, cand[1], cand[2], cand[3], places, things, gaz, ner_only):
                # privacy14: the initial written before the name is part of it ("X. Abernathy signed")
                ini = _INITIAL_BEFORE.search(text, max(0, cand[1] - 6), cand[1])
                if ini and not _initial_slot(text, ini.start()):
                    ini = None   # "Plan B. Marcus will sign": a sentence ended on the letter
                yield (cand[0], ini.start(), cand[2], cand[3]) if ini else cand

    @staticmethod
    def _cased(text: str):
        """Names written all in capitals or all in lower case right after a cue."""
        for pat, strong in ((_STRONG, True), (_WEAK, False)):
            for m in pat.finditer(text):
                i = m.end()
                for shape in (_CAPS_NAME, _LOW_NAME2):
                    seq = shape.match(text, i)
                    if not seq:
                        continue
                    words = seq.group(0).split()
                    if shape is _LOW_NAME2 and not strong and len(words) < 2:
                        continue   # "with someone": a lower-case single word after a weak cue is too weak
                    keep = _cue_words(words, strong and not (shape is _LOW_NAME2 and _BARE_CALLED.search(text, m.start(), m.end())))
                    # one given name in capitals after a weak cue ("for ALISTAIR") when the list knows it
                    # (only where the name stands out: in a message written all in capitals "TO
                    # <WORD>" is shouting, not a name)
                    caps_given = shape is _CAPS_NAME and len(keep) == 1 and len(keep[0]) > 2 \
                        and (keep[0].lower() in _RAW_FIRST() or is_first(keep[0])) and not _plain_word(keep[0].lower()) \
                        and not _mostly_caps(text)
                    if not keep or (not strong and len(keep) < 2 and not caps_given):
                        continue
                    v = " ".join(keep)
                    yield "PERSON", i, i + len(v), 0.8 if strong else 0.7

    @staticmethod
    def _vetoed(text: str, s: int, e: int, score: float, places, things, gaz, ner_places=None) -> bool:
        """Places and brands are not people (Hong Kong, "New York", "the Philips kettle")."""
        v = text[s:e].strip(" .,;:!?")
        if is_brand_use(text, s, e):
            return True
        words = v.split()
        # "Merry Christmas", "Regards, Purchasing Dept": a holiday or a department, nobody's name
        if any(w.lower() in _HOLIDAYS for w in words) or _HOLIDAY_AFTER.match(text, e) or (len(words) >= 2 and words[-1].lower().rstrip(".") in _UNIT_WORDS):
            return True
        if score < 0.8 and len(words) == 1 and _modifier_slot(text, s, e):
            return True
        if score < 0.85 and _BRAND_NOUN.match(text, e):
            return True   # "the Michael Kors watch", "Dr. Martens boots": a brand named after its founder
        if gaz.containing(s, e, strict=True):
            return True   # York of "New York": part of a longer place name
        known = any(_is_given(w) or is_last(w) for w in words)
        if score < 0.8 and len(words) >= 2 and _STREET_END.fullmatch(words[-1]):
            return True   # "Church Lane", "Mill Road": a street, whatever its first word is
        if score < 0.8 and len(words) == 2 and not is_last(words[1]) and not is_first(words[1]) \
                and words[0].lower() in place_names() and things.containing(s, e):
            return True   # "Boston Celtics": a place's team, club or firm
        if score < 0.8 and len(words) == 1 and v.lower() in place_names() and things.containing(s, e, strict=True):
            return True   # "Boston" of the organisation "Boston Celtics"
        if v.lower() in place_names():
            if not known:
                return True
            to_place = _TO_PLACE.search(text[max(0, s - 30):s]) if len(words) == 1 else None
            # "delivered to Reno", "moved to Austin": the one word after is the place — but after
            # ship/deliver a given name is the recipient ("deliver to Sofia")
            if to_place and not (to_place.group(0).lower().startswith(("ship", "deliver", "sen", "post"))
                                 and _is_given(v)):
                return True
            if len(words) == 1 and score <= 0.65 and ner_places is not None and ner_places.containing(s, e):
                return True   # "(London)": the model reads the known-name word as a place here
            # Sofia, Austin: a place only where the sentence says so, and not "Sofia Lima"
            nxt = re.match(r"[ \t]+([A-Z][a-z]+)", text[e:])
            if nxt and nxt.group(1).lower() not in place_names() and nxt.group(1).lower() not in _english_words():
                return False
            pe = gaz.last_end_before(s)
            return is_place_context(text, s) or (pe >= 0 and bool(_LIST_SEP.fullmatch(text[pe:s])))
        if len(words) == 1 and score < 0.8 and _BRANCH_AFTER.match(text, e):
            return True
        if len(words) == 1 and score < 0.8 and is_option_word(text, s, e):
            return True   # "the Jasmine model", "in Ivory": a product or its option
        if len(words) == 1 and score < 0.8 and v.lower() in BRANDS and not is_first(v):
            return True   # "Kindle and Echo": a brand without a cue is a brand
        if score < 0.8 and len(words) >= 2 and not known and _filler_words(words):
            return True   # "Sorry Again for the trouble": capitalised filler the model reads as a name
        if score >= 0.8 or len(words) != 1 or known:
            return False   # a cue or a known name: spaCy's other labels do not outvote it
        # a single unknown word that spaCy calls a place, or part of a longer organisation/product
        if places.containing(s, e) and is_place_context(text, s):
            return True
        return things.containing(s, e, strict=True)

    def _candidates(self, text, ents):
        yield from self._cased(text)
        for m in _TITLE_CAPS.finditer(text):
            parts = [w.lower() for w in re.split(r"[ \t\-]+", m.group("n"))]
            # (a name the lists know: "MR MUSCLE", "MS TEAMS" are products)
            if not any(_plain_word(w) for w in parts) and any(w in _folded()[0] or w in _folded()[1] or w in _RAW_LAST()
                                                               for w in parts):
                yield "PERSON", m.start("n"), m.end("n"), 0.8
        yield from _cued_extra(text)
        yield from _clause_actors(text)
        yield from pinyin_names(text)
        yield from _caps_and_lower(text, ents)
        for m in _SUFFIXED.finditer(text):
            yield "PERSON", m.start(1), m.end(1), 0.8
        # 1. strong cues: the following name, capitalised or not
        for m in _STRONG.finditer(text):
            i = m.end()
            title = _TITLE.match(text, i)
            if title:
                i = title.end()   # "Attn: Dr Ingeborg Solheim": the title is not the name
            seq = _SEQ.match(text, i)
            if seq:
                v = _clean(seq.group(0))
                # ("she called Tuesday": after a bare "called", ordinary words and days are no name)
                plain = _BARE_CALLED.search(text, m.start(), m.end()) is not None and v \
                    and all(_plain_word(w.lower()) and not _is_given(w) for w in v.split())
                if v and v.lower() not in _TRAILING and len(v.split()[0].rstrip(".")) > 1 and not plain:
                    yield "PERSON", i, i + len(v), 0.85
                    continue
            low = _LOWER_NAME.match(text, i)
            bare_called = _BARE_CALLED.search(text, m.start(), m.end()) is not None
            if low:
                words = low.group(0).split()
                keep = []
                for k, w in enumerate(words):
                    # o'connor, smith-jones: apostrophes and hyphens inside a name
                    # (after a bare "called" only a known name: "Mr Pike called twice")
                    if (k == 0 and (is_first(w) or is_last(w) or (not bare_called and w.replace("'", "").replace("-", "").isalpha()
                                                                     and len(w) > 2 and w not in _english_words()))) \
                            or (k == 1 and is_last(w)):
                        keep.append(w)
                    else:
                        break
                if keep:
                    v = " ".join(keep)
                    # "o'brien-smith, kathleen": family name, comma, given name
                    inv = re.match(r",[ \t]*([a-z][a-z'\-]{2,})(?![\w@])", text[i + len(v):])
                    if inv and len(keep) == 1 and _is_given(inv.group(1)) and inv.group(1) not in _english_words():
                        v = text[i:i + len(v) + inv.end()]
                    yield "PERSON", i, i + len(v), 0.75
        # 2. titles and weak cues: capitalised names
        for pat, need_gaz in ((_TITLE, False), (_WEAK, True)):
            for m in pat.finditer(text):
                seq = _SEQ.match(text, m.end())
                if not seq:
                    continue
                v = _clean(seq.group(0))
                if not v:
                    continue
                first_tok = v.split()[0].split("-")[0]   # Jean-Luc: the gazetteer knows Jean
                if need_gaz and not (is_first(first_tok) or first_tok.lower() in _RAW_FIRST()
                                     or (is_last(first_tok) and len(v.split()) > 1)):
                    continue
                # a title is part of the name it introduces ("Dr. Helen Brooks")
                yield "PERSON", m.end(), m.end() + len(v), 0.8 if not need_gaz else 0.7
        # 3. gazetteer pairs: Given Family (the family name may be unknown: "Irenke Sörös"), and
        #    the name shape "Given I. Family" with a middle initial
        words_ = _english_words()
        pos = 0
        # searched, not finditer: a failed pair's second word may start the next ("Can Ingrid Solberg")
        while (m := _PAIR.search(text, pos)) is not None:
            a, b = m.group(1), m.group(2)
            bl = b.lower()
            # retry from the second word only when the first is an ordinary word ("Can", "Then");
            # "Nguyen Thi Lan" is one name, not "Thi Lan"
            pos = m.start(2) if a.lower() in words_ else m.end()
            if bl in _PRODUCT_WORDS or bl in _TRAILING:
                continue
            initial = m.end(1) != m.start(2) - 1 and not text[m.end(1):m.start(2)].isspace()
            if is_first(a) and a.lower() not in _COMMON and (is_last(b) or is_first(b) or bl not in words_):
                yield "PERSON", m.start(), m.end(), 0.75
                pos = m.end()
            elif initial and a.lower() not in words_ and bl not in words_:
                yield "PERSON", m.start(), m.end(), 0.65
                pos = m.end()
        # "Yesterday Oluwadamilare Ajayi called": two capitalised words no list knows, neither an
        # ordinary word, place, brand or product, followed by what a person does
        for m in _PAIR_ACTS.finditer(text):
            ws = (m.group(1), m.group(2))
            if not any(_plain_word(w.lower()) for w in ws) and not (m.start() == 0 or text[m.start() - 1] in ".!?\n"):
                yield "PERSON", m.start(1), m.end(2), 0.65
        # 3b. lists of names ("Anna, Ben and Carla") where one member is a known name
        for m in _LIST.finditer(text):
            toks = [(t.start(), t.end()) for t in re.finditer(_NAME_TOK, m.group(0))]
            words = [m.group(0)[a:b] for a, b in toks]
            if sum(1 for w in words if is_first(w) or is_last(w)) * 2 >= len(words):
                for (a, b), w in zip(toks, words):
                    if len(w) > 1 and w.lower() not in _english_words():
                        yield "PERSON", m.start() + a, m.start() + b, 0.7
        # 3a. openers and sign-offs
        for m in _OPENER.finditer(text):
            n = m.group("n")
            if not n[:1].isupper() or any(not w[:1].isupper() for w in n.split()):
                continue   # re.I is for the cue words only
            line_start = not re.search(r"[A-Za-z]", text[m.start():m.start("n")])
            if line_start and not m.group("here"):
                continue   # a bare capitalised line is a heading or a town, not a name
            if any(w.lower() in words_ or w.lower() in place_names() or w.lower() in BRANDS
                   or w.lower() in _PRODUCT_WORDS for w in n.split()):
                # a sign-off closing the message with a family name that is also a word
                # ("Thanks, White", "Best, Young"): the name, when it is one
                sign_off = re.match(r"(?i)(?:regards|thanks|thank you|cheers|best|sincerely)", text[m.start():m.start("n")].strip(" \t\n,!-"))
                if not (sign_off and not text[m.end("n"):].strip(" \t\n.!") and len(n.split()) == 1
                        and (n.lower() in _RAW_LAST() or n.lower() in _RAW_FIRST())):
                    continue
            yield "PERSON", m.start("n"), m.end("n"), 0.7
        # 3a'. the speaker introducing themself with one unknown word: "This is Okonkwo.", "I'm Zsofi,"
        for m in _SELF_ONE.finditer(text):
            w = m.group("n")
            lw = w.lower()
            if lw in words_ or lw in place_names() or lw in BRANDS or lw in _PRODUCT_WORDS or w.isupper():
                continue
            yield "PERSON", m.start("n"), m.end("n"), 0.65
        # 3b'. "Marrero and Murphy": one known name, and neither is an ordinary word or a place
        places_ = place_names()
        for m in _AND_PAIR.finditer(text):
            ws = (m.group(1), m.group(2))
            if any(w.lower() in words_ or w.lower() in places_ or w.lower() in BRANDS for w in ws):
                continue
            if any(is_first(w) or is_last(w) for w in ws):
                for k in (1, 2):
                    yield "PERSON", m.start(k), m.end(k), 0.7
        # 3b''. lower-case lists where most members are known given names
        for m in _LOWER_LIST.finditer(text):
            toks = list(re.finditer(rf"[{_LO}]{{3,}}", m.group(0)))
            toks = [t for t in toks if t.group(0) not in ("and", "or")]
            known = [t for t in toks if t.group(0) in _gazetteer()[0] and t.group(0) not in words_]
            if len(known) * 3 >= len(toks) * 2:
                for t in known:
                    yield "PERSON", m.start() + t.start(), m.start() + t.end(), 0.65
        # 3c. a known given name standing alone ("Why is Katrine so…", "Thanks, Derek")
        first, last = _gazetteer()
        for m in _SINGLE.finditer(text):
            w = m.group(0).lower()
            if w in first and w not in words_:
                yield "PERSON", m.start(), m.end(), 0.6
        # 3d. all-lower-case "given family" pairs ("follow up with patricia desrosiers")
        if not text.isupper():
            pos = 0
            while (m := _LOWER_PAIR.search(text, pos)) is not None:
                a, b = m.group(1), m.group(2)
                if a in first and a not in words_ and b not in words_ and (
                        b in last or len(m.group(0).split()) == 3):   # "benjamin a seiler": middle initial
                    yield "PERSON", m.start(), m.end(), 0.65
                    pos = m.end()
                else:
                    pos = m.start(2)   # "with benjamin a seiler": the second word may start the pair
        # 4. spaCy NER
        for ent in ents:
            if ent.label_ != "PERSON":
                continue
            s, e = ent.start_char, ent.end_char
            v = text[s:e]
            # the model's tokens run on into Chinese glued to the name ("Kevin Zhang帮我下的单")
            cut = _CJK_CHAR.search(v)
            if cut:
                v = v[:cut.start()]
                e = s + len(v)
            # spaCy often swallows a trailing "'s" or punctuation
            v2 = re.sub(r"(?:'s|’s|[\s.,:;!?]+)$", "", v)
            e = s + len(v2)
            toks = v2.split()
            if not toks or any(c.isdigit() for c in v2):
                continue
            if any(t.lower().strip(".,") in _COMMON and not is_last(t) for t in toks) and len(toks) == 1:
                continue
            if any(t.lower() in _PRODUCT_WORDS for t in toks):
                continue
            if any(re.search(r"[a-z][A-Z]", re.sub(r"^(?:Mc|Mac)", "", t)) or (t.isupper() and len(t) > 1)
                   for t in toks):
                continue  # CamelCase / all caps: brands and products
            if not toks[0][:1].isupper():
                continue
            if len(toks) == 1 and not (is_first(v2) or is_last(v2) or not v2.isascii()):
                continue
            yield "PERSON", s, e, 0.65


def _modifier_slot(text: str, s: int, e: int) -> bool:
    """The word sits between a determiner and a lower-case noun ("the Austin warehouse")."""
    if not _DET_BEFORE_ONE.search(text[max(0, s - 8):s]):
        return False
    # only nouns of what a shop sells or where it keeps it: "the Jensen novel" and "a Harvey Leach
    # concert" name an author and an artist
    m = _NOUN_AFTER.match(text, e)
    return m is not None and (m.group("w") in _PRODUCT_WORDS or bool(_BRANCH_AFTER.match(text, e))
                        or bool(_OPTION_AFTER.match(text, e)))


def _plain_word(lw: str) -> bool:
    """An ordinary word, a place or a brand: never a name on its own."""
    return lw in _english_words() or lw in place_names() or lw in BRANDS or lw in _PRODUCT_WORDS


# Round eight: a person opening a clause and doing what people do with a parcel, with no cue
# word before ("Babajide will sign for it", "tobias grant ordered it for me"); the verb slot
# after it is the cue, so ordinary words, places, brands and products never count.
_ACTOR_VERB = (r"(?:will|would|can|could|should|is going to)[ \t]+(?:sign|collect|pick|be|take|pay|call|get|receive|"
               r"come)|said|says|signed|ordered|placed|paid|bought|picked|collected|received|returned|called|"
               r"phoned|rang|emailed|texted|told|asked|wants|needs|took|got|has|had|left|lost|opened")
# "Can Ottoline pick it up?", "if Leocadia collects it": a question or condition about who collects
_ASK_WHO = re.compile(rf"(?i:\b(?:can|could|will|would|may|might|should|if|when|once|unless))[ \t]+"
                      rf"(?P<n>(?-i:(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}))(?=[ \t]+(?i:pick|collect|sign|receive|come|take|get)\b)")
# "It's Cosmin's birthday gift": a possessive before what only a person has
_POSSESSOR = re.compile(rf"(?<![\w@.\-])(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}\-]{{2,}})['’]s[ \t]+(?:birthday|wedding|anniversary|"
                        r"phone|mobile|cell|number|e-?mail|husband|wife|son|daughter|mum|mom|dad|mother|father|sister|"
                        r"brother|partner|boyfriend|girlfriend|flat|house|home|place|address|room)\b")
_PERSON_ONLY = re.compile(r"[ \t]+(?:(?:will|would|can|could|should)[ \t]+(?:sign|pick)|signed|picked|"
                          r"placed|bought|wants|lives|took it)\b", re.I)
_CLAUSE_ONE = re.compile(rf"(?:^|(?<=[.!?\n])[ \t]*|(?<=[,;:])[ \t]+|(?<=\band)[ \t]+|(?<=\bbut)[ \t]+)"
                         rf"(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}})(?=[ \t]+(?:{_ACTOR_VERB})\b)")
_CLAUSE_LOWER = re.compile(rf"(?:^|(?<=[.!?\n])[ \t]*|(?<=[,;:])[ \t]+|(?<=\band)[ \t]+|(?<=\bbut)[ \t]+|"
                           r"(?<=\bthink)[ \t]+|(?<=\bguess)[ \t]+|(?<=\bmaybe)[ \t]+|(?<=\bthat)[ \t]+)"
                           rf"(?P<n>(?P<a>[a-z]{{3,}})[ \t]+(?P<b>[a-z][a-z'\-]{{2,}}))(?=[ \t]+(?:{_ACTOR_VERB})\b)")
# a lower-case full name right after a relation word: "my neighbour ludmila sorokina took it in"
_KIN_LOWER_PAIR = re.compile(rf"(?i:\b(?:my|our|his|her|their)[ \t]+(?:{_KIN_WORDS}),?)[ \t]+"
                             r"(?P<n>(?P<a>[a-z]{3,})[ \t]+(?P<b>[a-z][a-z'\-]{2,}))(?![\w@])")
# privacy14: one lower-case word between a relation word and what a person does: "my son caspian
# will pick it up" (the relation and the verb are the cue; ordinary words and adverbs never count)
_KIN_LOWER_ONE = re.compile(rf"(?i:\b(?:my|our|his|her|their)[ \t]+(?:{_KIN_WORDS}),?)[ \t]+"
                            rf"(?P<n>[a-z][a-z'\-]{{2,}})(?=,?[ \t]+(?:{_ACTOR_VERB})\b)")
# sign-offs the opener list does not hold: "Thanks a lot, Mei", "Love, Perpetua"
_SIGN_MORE = re.compile(rf"(?i:(?:^|(?<=[.!?\n])|(?<=[.!?][ \t]))[ \t]*(?:thanks a lot|thanks so much|thank you so much|"
                        rf"many thanks|thanks heaps|thanks again|thanks loads|cheers again|much love|love|take care|warmly|warm wishes|ta|all the best|best wishes))"
                        rf"[ \t]*[,!.]?[ \t\n]+-?[ \t]*(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{1,}})[ \t.!]*$")


_ADVERBS = frozenset("also just then never already still really finally actually now here there too who which "
                     "that this it has had have was is will would can could should did does not only even".split())


def _clause_actors(text: str):
    """Names with no cue before them, known by the clause slot and the verb after them."""
    words_ = _english_words()
    for m in _CLAUSE_ONE.finditer(text):
        w = m.group("n")
        lw = w.lower()
        # a word no list knows only with what a person alone does: "Walmart said…" is a company
        person_only = _PERSON_ONLY.match(text, m.end("n")) is not None
        if not _plain_word(lw) and lw not in _TRAILING and lw not in _COMMON and not lw.endswith(("ing", "ed", "ly")) \
                and (person_only or is_first(w)):
            yield "PERSON", m.start("n"), m.end("n"), 0.65
    for pat in (_CLAUSE_LOWER, _KIN_LOWER_PAIR):
        for m in pat.finditer(text):
            a, b = m.group("a"), m.group("b")
            # the given name must be one (any locale) and no ordinary word; the family name a
            # known one or no ordinary word ("tobias grant", "ludmila sorokina")
            if is_first(a) and a not in words_ and not _plain_word(a) and b not in _TRAILING and b not in _ADVERBS \
                    and (is_last(b) or not _plain_word(b) or pat is _CLAUSE_LOWER and b in words_) or (pat is _KIN_LOWER_PAIR and is_first(a) and
                                                                      a not in words_ and is_last(b)):
                yield "PERSON", m.start("n"), m.end("n"), 0.7
    for m in _KIN_LOWER_ONE.finditer(text):
        w = m.group("n")
        if not _plain_word(w) and w not in _ADVERBS and w not in _TRAILING and w not in _COMMON \
                and not w.endswith(("ly", "ing", "ed")):
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    for pat in (_ASK_WHO, _POSSESSOR):
        for m in pat.finditer(text):
            w = m.group("n")
            lw = w.lower()
            # couriers collect and receive too ("Can Evri collect it?"): a word no list knows only
            # before what a person does (sign, pick up), a known given name before any of them
            if pat is _ASK_WHO and not is_first(w) and not re.match(r"[ \t]+(?i:sign|pick)", text[m.end("n"):]):
                continue
            if not _plain_word(lw) and lw not in _TRAILING and lw not in _COMMON:
                yield "PERSON", m.start("n"), m.end("n"), 0.65
    sign = _SIGN_MORE.search(text)
    if sign:
        lw = sign.group("n").lower()
        if not _plain_word(lw) and lw not in _CLOSING_WORDS and lw not in _TRAILING:
            yield "PERSON", sign.start("n"), sign.end("n"), 0.7


# privacy14: the people who handled the order, introduced by their role ("your agent Priyanka",
# "the courier Desmond"), and a person after a talking verb ("I spoke to Nkechi from…"): the
# slot is the cue, so the gazetteer need not know the word; ordinary words, places and brands never count
_ROLE_WORDS = (r"agent|rep|representative|advisor|adviser|associate|courier|driver|technician|engineer|installer|"
               r"postman|postwoman|mailman|delivery (?:guy|man|woman|driver|person)|staff member|employee|"
               r"colleague|supervisor|manager|consultant|specialist|operator")
_ROLE_CAP = re.compile(rf"(?i:\b(?:your|the|a|an|my|our|his|her|their)[ \t]+(?:{_ROLE_WORDS}),?(?:[ \t]+(?:named|called))?)[ \t]+"
                       rf"(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}(?:[ \t]+(?:[{_UP}]\.[ \t]+)?(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}){{0,2}})(?![\w@])")
_TALK_CAP = re.compile(rf"(?i:\b(?:spoke|spoken|speaking|talked|talking|chatted|chatting)[ \t]+(?:to|with))[ \t]+"
                       rf"(?P<n>(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}(?:[ \t]+(?:[{_UP}]\.[ \t]+)?(?:Mc|Mac|O')?[{_UP}][{_LO}'’\-]{{2,}}){{0,2}})(?![\w@])")


def _role_names(text: str):
    for pat in (_ROLE_CAP, _TALK_CAP):
        for m in pat.finditer(text):
            words = m.group("n").split()
            if _plain_word(words[0].lower()) or words[0].isupper():
                continue
            # "your agent Priyanka Yesterday": a later ordinary word is not hers; the name stops before it
            for k in range(1, len(words)):
                if not words[k].endswith(".") and _plain_word(words[k].lower()) and not is_last(words[k]) \
                        and words[k].lower() not in _RAW_LAST():
                    words = words[:k]
                    break
            # (below the cued names and addresses, 0.75+: a role word also precedes a longer name another
            # pattern reads whole; a talking verb is the stronger cue and outvotes the model's place label)
            yield "PERSON", m.start("n"), m.start("n") + len(" ".join(words)), 0.8 if pat is _TALK_CAP else 0.7


def _cued_extra(text: str):
    """Self-introductions in capitals, talking verbs, relation words and dash sign-offs."""
    first, last = _folded()
    yield from _role_names(text)
    for m in _SELF_CAPS.finditer(text):
        lw = m.group("n").lower()
        if (lw in first or lw in last) and not _plain_word(lw):
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    for m in _TALK_LOWER.finditer(text):
        lw = m.group("n")
        if lw in _gazetteer()[0] and not _plain_word(lw):
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    for m in _KIN_CAP.finditer(text):
        words = m.group("n").split()
        if _plain_word(words[0].lower()):
            continue
        if len(words) == 2 and _plain_word(words[1].lower()) and not is_last(words[1]) \
                and words[1].lower() not in _RAW_LAST():
            words = words[:1]   # "my mother Eleanor Price" keeps Price, "my son Declan Thanks" drops Thanks
        yield "PERSON", m.start("n"), m.start("n") + len(" ".join(words)), 0.75
    for m in _INITIAL_NAME.finditer(text):
        fam = m.group("f").lower()
        # after "signed/by/regards…", an initial and a family name in capitals is a name even
        # when the gazetteer does not know it ("signed for by T. WOJCIK"); ordinary words are not
        signed = m.group("f").isupper() and re.match(r"(?i)(?:by|signed|regards|thanks|cheers|attn|sincerely|best)",
                                                     m.group(0)) is not None and not _plain_word(fam)
        if (fam in last or fam in _RAW_LAST() or signed) and fam not in place_names() and fam not in BRANDS:
            yield "PERSON", m.start("n"), m.end("n"), 0.75
    sign = _DASH_SIGN.search(text)
    if sign:
        words = sign.group("n").split()
        # in capitals ("ok. - ABIGAIL"), only a known given name: acronyms sign off too (- HR, - TEAM)
        caps_known = not sign.group("n").isupper() or words[0].lower() in first
        if caps_known and not any(_plain_word(w.lower()) for w in words):
            yield "PERSON", sign.start("n"), sign.end("n"), 0.7


def _caps_and_lower(text: str, ents=()):
    """Names without a cue written all in capitals, lower-case names after sign-offs and relatives,
    and one name after a request verb (see the patterns)."""
    words_ = _english_words()
    persons = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
    if not text.islower():
        for m in _CAPS_PAIR.finditer(text):
            a, b = m.group(1).lower(), m.group(2).lower()
            if a in words_ or b in words_ or a in place_names() or b in place_names() or a in BRANDS:
                continue
            first, last = _folded()
            # "ORDER FOR PERPETUA ONWUEGBU": a known given name and a second word that is no
            # ordinary word, place, brand or product is a name whose family part is unknown
            unknown_family = len(b) >= 3 and b not in BRANDS and b not in _PRODUCT_WORDS and b.isalpha()
            if a in first and (b in last or b in first or unknown_family):
                yield "PERSON", m.start(), m.end(), 0.7
        # after a person slot ("ORDER FOR …", "SIGNED BY …", "RECIPIENT: …") two words in capitals
        # that no list holds as ordinary words, places, brands, products or company suffixes are
        # the name, even when neither part is a known name (shouted forms write any name)
        for m in _CAPS_CUE_PAIR.finditer(text):
            pair = [m.group(1).lower(), m.group(2).lower()]
            if all(len(w) >= 3 and not _plain_word(w) and w not in _CORP_SUFFIX for w in pair):
                yield "PERSON", m.start(1), m.end(2), 0.7
    for m in _CAPS_SIGN_LINE.finditer(text):
        ws = [w.lower() for w in m.group("n").split()]
        if all(len(w) >= 3 and not _plain_word(w) and w not in _CORP_SUFFIX for w in ws):
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    for m in _ASK_ONE.finditer(text):
        w = m.group("n")
        lw = w.lower()
        # a known name, or one the model also reads as a person ("Ask Kowalczyk at the desk")
        known = is_first(lw) or is_last(lw) or any(a <= m.start("n") and m.end("n") <= b for a, b in persons)
        if known and lw not in words_ and lw not in place_names() and lw not in BRANDS:
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    for m in _CUE_ONE_CASED.finditer(text):
        w = m.group("n")
        lw = w.lower()
        # lower case: the all-locale given names hold words ("said"), so only where a verb or
        # the clause end follows is it the addressee's name
        if not _plain_word(lw) and lw in _folded()[0] and (w.isupper() or _AFTER_ONE.match(text, m.end("n"))):
            yield "PERSON", m.start("n"), m.end("n"), 0.65
    for m in _FOR_ONE.finditer(text):
        w = m.group("n")
        if not _plain_word(w.lower()) and any(a <= m.start("n") and m.end("n") <= b for a, b in persons) \
                and not is_option_word(text, m.start("n"), m.end("n")):
            yield "PERSON", m.start("n"), m.end("n"), 0.65
    for m in _KIN_LOWER.finditer(text):
        w = m.group("n")
        # English-locale given names only: the all-locale list holds lower-case words ("said");
        # a self-introduction closed by punctuation ("hey it's radomir, …") is the speaker's
        # name slot, where any locale's given name (typed without accents too) counts
        self_intro = _SELF_WORDS.match(m.group(0)) is not None
        # after a relative, any locale's given name when what follows is what a person does
        # ("my wife jolene will sign"): the verb slot keeps "my son said" out
        acting = not self_intro and _PERSON_VERB.match(text, m.end("n")) is not None
        known = w in _gazetteer()[0] and (w in _RAW_FIRST() or acting) or (self_intro and w in _folded()[0])
        if w not in words_ and w not in place_names() and w not in BRANDS and known:
            yield "PERSON", m.start("n"), m.end("n"), 0.7
    sign = _LOW_SIGNOFF.search(text)
    if sign:
        n = sign.group("n").lower().split()
        lw = n[0]
        first, last = _folded()   # "Regards, MARTA" is typed in capitals, often without accents
        # "Thanks - rosamund": after a dash, the closing word is a signature even when no list
        # knows it (ordinary words and their -ed/-ly/-ing forms excepted)
        # ("THANKS, OKSANA": a single word in capitals closing a shouted message, likewise)
        dashed = (re.search(r"[-–—~][ \t]*$", text[:sign.start("n")]) is not None and sign.group("n").islower()
                  or len(n) == 1 and sign.group("n").isupper() and sign.group("n").isalpha()
                  and text[:sign.start("n")].isupper()) \
            and not lw.endswith(("ed", "ly", "ing")) and lw not in BRANDS and lw not in _PRODUCT_WORDS \
            and lw not in _CLOSING_WORDS
        if lw not in words_ and lw not in place_names() and (lw in first or lw in last or dashed):
            keep = n if len(n) == 1 or n[1] not in words_ else n[:1]
            yield "PERSON", sign.start("n"), sign.start("n") + len(" ".join(keep)), 0.7
