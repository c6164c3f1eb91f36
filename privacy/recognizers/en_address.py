"""Street addresses written in Latin script (English and international formats).

An address is found from an *anchor* and then grown forward over the parts that usually
follow it; every quantifier is bounded, so the scan stays linear.

Anchors:
- US/UK/AU style: house number + street name + street type ("221B Baker Street",
  "12 N. Main St.", lower case too for the unambiguous types: "12 main st");
- continental style: street name + house number, where the name carries a street word
  ("Passauer Strasse 33", "Rue de Tanger 29", "Koskikatu 25", "ul. Grochowa 80");
- number + name + number ("28245 Puruntie 82") when an address part follows;
- P.O. boxes, US military addresses (Unit/PSC/CMR … Box … APO/FPO/DPO), "the corner of X and Y";
- a stand-alone UK or Canadian postcode (specific enough on its own).
Growth: unit (Apt/Suite/Unit/Flat/Floor/#), city (capitalised or upper-case words), state or
province code, postcode (US ZIP, UK, CA, NL, generic 4–6 digits), country — separated by
commas, new lines or runs of spaces. A house number or unit just before the anchor is taken too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .base import LATIN, Recognizer

# Letters beyond ASCII that names of streets and towns are written with (Latin, Greek, Cyrillic).
# Ranges, not enumerated characters: enumerations make the patterns slow to compile. Latin
# Extended-A/B, Greek and Cyrillic mix cases within their blocks, so they count as both.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0370-\u03ff\u0400-\u04ff"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0370-\u03ff\u0400-\u04ff"
_CAPW = rf"[{_UP}][{_LO}{_UP}'’.\-]{{0,30}}"          # a capitalised (or upper-case) word
_ANYW = rf"[{_UP}{_LO}][{_LO}{_UP}'’.\-]{{0,30}}"
# a word whose full stop may end the sentence ("…Heidi Isle. Thanks, Jasmine")
_SENTW = rf"[{_UP}{_LO}][{_LO}{_UP}'’\-]{{0,30}}(?:\.(?![ \t]+[A-Z]))?"
_PART = (r"(?:de|del|de la|la|le|les|du|des|di|da|do|dos|das|van|von|der|den|y|e|sur|upon|on|am|an|im|al|el|"
         r"delle|della|dello|degli|dei|zu|zum|zur|ter|op|het|d'|l')")

_TYPES = ("Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
          "Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Cres|Close|Alley|Loop|Row|Walk|"
          "Plaza|Path|Pike|Point|Ridge|Run|Grove|Gardens|Mews|Hill|Heights|Park|Expressway|Freeway|Route|Rte|"
          "Causeway|Crossing|Estates|Junction|Manor|Meadows|Landing|Station|View|Vista|Str|Esplanade|Parade|"
          "Quay|Wharf|Rise|Green|Gate|Yard|Wynd|Broadway|Embankment|Promenade|Chase|Drove|Hollow")
# Types that are ordinary words in lower case ("2 of them to drive"): only capitalised.
_STRICT_LOWER = "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|highway|hwy|parkway|pkwy|str"


@lru_cache(maxsize=1)
def _usps_suffixes() -> str:
    """USPS street suffixes (the list faker ships) on top of the common ones above."""
    try:
        from faker.providers.address.en_US import Provider
        extra = sorted({x for x in Provider.street_suffixes if x.isalpha()} - set(_TYPES.split("|")),
                       key=len, reverse=True)
    except Exception:
        extra = []
    return "|".join([_TYPES] + extra)


@lru_cache(maxsize=1)
def _countries() -> str:
    names: set[str] = {"USA", "U.S.A.", "UK", "U.K.", "United States", "United Kingdom", "England", "Scotland",
                       "Wales", "Northern Ireland", "Deutschland", "España", "Italia", "Brasil", "Suomi",
                       "Sverige", "Norge", "Danmark", "Österreich", "Schweiz", "Nederland", "Polska"}
    try:
        from faker.providers.address.en_US import Provider
        names.update(c for c in Provider.countries if "(" not in c)
        names.update(Provider.states)
    except Exception:
        pass
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# Street words of continental addresses, as a whole word before the name or as the end of one.
_PREFIX_WORDS = (r"Rue|Via|Viale|Vicolo|Piazza|Piazzale|Corso|Strada|Calle|Carrer|Avenida|Avda\.?|Av\.|Rua|"
                 r"Travessa|Largo|Praça|Plaza|Paseo|Camino|Carretera|Boulevard|Bd\.?|Chemin|Allée|Quai|Impasse|"
                 r"Route|Ulica|ul\.|Ul\.|al\.|Al\.|Aleja|C/|Λεωφόρος|Λ\.|Οδός|улица|ул\.|проспект|пр\.|"
                 r"Avenue|Place|Cours|Rambla|Ronda|Travesía|Callejón|Alameda|Estrada|Rodovia")
_SUFFIX_PARTS = (r"stra(?:ss|ß)e|str\.?|gasse|weg|vej|vejen|gade|katu|kuja|tie|polku|väg|vägen|gatan|gata|"
                 r"veien|vegen|vei|gate|laan|straat|plein|dreef|kade|gracht|allee|platz|ring|damm|ufer|"
                 r"steig|markt|brücke|utca|út|útja|tér|körút|ulica|cesta|iela|gatve|tänav|braut|stígur|"
                 r"götu|gränd|stræde|torv|plads|allé|sokak|caddesi|bulvarı|straße")
_SUFFIX_WORDS = (r"u\.|utca|út|útja|tér|Str\.|Strasse|Straße|Gasse|Weg|Allee|Platz|Ring|Street|St\.?|Road|Rd\.?|"
                 r"Avenue|tee|terrasse|vei|veg|gate|gata|vej|gade|tie|katu|laan|straat|weg|ulica|cesta|sokak|"
                 r"caddesi|iela|gatve|tänav|street|road")

_NUM = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_SEP = r"(?:[ \t]{0,8}(?:[,;\n>|•·/][ \t]{0,8}){1,3}|[ \t]{1,8})"
# the unit words people type in lower case too ("…Lane, apartment 12"), and floors named by an
# ordinal ("…Road, third floor"); the rarer unit words stay capitalised (lower-case "lot", "box",
# "door" are ordinary words)
# (privacy14: a dashed room number too, "Room 4-110")
_UNIT = (r"(?:(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building)\b\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?"
         r"(?:-\d{1,5}[A-Za-z]?)?(?![A-Za-z])"
         r"|(?i:ground|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top|upper|lower|\d{1,2}(?:st|nd|rd|th))"
         r"[ \t]+(?i:floor|fl\.?)(?![A-Za-z])"
         r"|(?:Apt|Apartment|Studio|Suite|Ste|Unit|Flat|Fl|Floor|Rm|Room|Bldg|Building|Lot|Box|Dept|Level|"
         r"Lvl|Block|Blk|Tower|Wing|Door|Piso|Puerta|Escalera|Etage|Stiege|Top|PMB)\b\.?[ \t]*#?[ \t]*"
         r"[A-Za-z0-9][A-Za-z0-9\-]{0,5}(?:/\d{1,3})?|#[ \t]?[A-Za-z0-9][A-Za-z0-9\-]{0,5})")
_POSTCODE = (r"(?:\d{5}-\d{4}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d[0-9W][ \t][0-9AC-FHKNPRTV-Y]{4}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|"
             # Polish 00-238 and Portuguese 1000-001 postcodes carry a dash
             r"\d{4}[ \t]?[A-Z]{2}(?![A-Za-z])|[A-Z]{1,2}-\d{4,5}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2}|\d{3,6}|"
             # Singapore writes its six digits after an S: "S640045"
             r"S\d{6}(?!\d))")
_CITYW = rf"(?:{_CAPW}|St\.?)"
_CITY = rf"(?:{_CITYW}(?:[ \t](?:{_PART}[ \t])?{_CITYW}){{0,3}})"
# Capitalised words that start the next sentence or field, not a town.
_NOT_CITY = (r"(?:Thanks|Thank|Please|Regards|Cheers|Best|Hi|Hello|Hey|Dear|I|I'm|My|The|We|Our|You|Your|It|"
             r"Order|Tracking|Call|Phone|Tel|Mobile|Cell|E-?mail|Fax|Office|Desk|Website|Name|Sincerely|Kind)\b")
_STATE = r"(?:[A-Z]{2,3}|[A-Z]\.[A-Z]\.)"


def _tail() -> str:
    """Up to six address parts after the anchor, in any order (people write them in every order)."""
    country = rf"(?:{_countries()})(?:[ \t]?\([A-Z][a-z]+\))?(?![{_LO}{_UP}])"
    part = (rf"(?:{_UNIT}|{country}|{_POSTCODE}(?![A-Za-z\d]|[.\-/]\d)|{_STATE}(?![{_LO}{_UP}\d])"
            rf"|(?!{_UNIT}|{_NOT_CITY})(?:{_CITY})(?![{_LO}{_UP}\d]))")
    return rf"(?:{_SEP}{part}){{0,6}}"


# (Singapore "Blk 123 Ang Mo Kio Ave 3": the block's number is the house number)
_LEAD = rf"(?:(?:(?:Blk|Block)\.?[ \t]+(?=\d)|{_UNIT}{_SEP})?(?:\d{{1,6}}[ \t]+(?=\d))?)"
_DOT = r"(?:\.(?![ \t]+[A-Z]))?"   # a full stop followed by a capital ends the sentence, not the address
_DIR = r"(?:[NSEW]\.?|North|South|East|West|NE|NW|SE|SW)"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    tail = _tail()
    types = _usps_suffixes()
    us = re.compile(
        rf"(?<![\w.\-]){_LEAD}{_NUM},?[ \t]+(?:{_DIR}[ \t]+)?(?:(?:{_CAPW}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}?"
        rf"(?i:{types})\b\.?(?:[ \t]+{_DIR}\b\.?)?(?:,?[ \t]+(?:(?i:Sec|Section)\.?[ \t]*)?\d{{1,2}}(?=[ \t]*(?:#|,|$|[A-Z][a-z]|\d{{4,6}}\b)))?{tail}")
    # (privacy14: a direction letter and an ordinal are street words too, "221 w 79th st", and a
    # lower-case town line closes it when it ends in a state code and a ZIP: "…st new york ny 10024")
    low_town = rf"(?:,?[ \t]+(?:[a-z]{{3,}}[ \t]+){{0,3}}?(?:{_US_STATES.lower()})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\d-]))"
    us_lower = re.compile(
        rf"(?<![\w.\-])\d{{1,6}}[a-z]?[ \t]+(?:[nsew][ \t]+)?(?:(?!(?:of|to|the|a|an|and|for|my|your|in|on|at|per|more|days?|"
        rf"items?|pairs?|times?|hours?|weeks?|years?)\b)(?:[A-Za-z][a-z'\-]{{1,20}}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,3}}?"
        rf"(?i:{_STRICT_LOWER})\b\.?(?:{low_town}|{tail})")
    # continental: [house no.] (Prefix name… | Name…suffix) number
    name_words = rf"(?:(?:{_CAPW}|{_PART}|\d{{1,3}}(?:st|nd|rd|th|er|e|\.)?)[ \t]+){{0,4}}?"
    cont = re.compile(
        rf"(?<![\w.\-]){_LEAD}(?:{_NUM}[ \t]+)?"
        rf"(?:(?:{_PREFIX_WORDS})[ \t]+{name_words}{_ANYW}|(?:{_CAPW}[ \t]+){{0,3}}[{_UP}][{_LO}]{{0,25}}(?:{_SUFFIX_PARTS})"
        rf"|(?:{_CAPW}[ \t]+){{1,3}}(?:{_SUFFIX_WORDS}))"
        rf"[ \t]+{_NUM}\b{_DOT}(?:[ \t]+(?:{_CAPW}[ \t]+){{0,2}}(?:{types})\b\.?)?{tail}")
    # number + name + number, e.g. "28245 Puruntie 82": only with an address part after it
    nnn = re.compile(
        rf"(?<![\w.\-]){_LEAD}\d{{1,6}}[ \t]+(?:{_CAPW}[ \t]+){{1,3}}\d{{1,5}}[A-Za-z]?\b\.?"
        rf"(?=(?:{_SEP}(?:{_UNIT}|{_POSTCODE}\b|[{_UP}]{{3,}}\b)|[ \t]*,[ \t]*[{_UP}]))(?:{tail})")
    # house number before a prefixed street: "36 rue de Pologne", "31 Rue Al Imam Al Bakri"
    num_prefix = re.compile(
        rf"(?<![\w.\-]){_LEAD}{_NUM},?[ \t]+(?i:{_PREFIX_WORDS})[ \t]+(?:(?:{_ANYW}|{_PART})[ \t]+){{0,4}}"
        rf"{_CAPW}(?:[ \t]+{_CAPW}){{0,2}}{tail}")
    # after an address cue: "my address is 329 Arenales 9462", "lives at 5049 Harjukuja 54"
    cued = re.compile(
        rf"(?i:\baddress(?:es)?(?:[ \t]+(?:is|was|are|to))?[ \t]*:?|\blives?[ \t]+(?:at|on|in)|\blocated[ \t]+at|"
        rf"\bmoved[ \t]+to|\boffice[ \t]+is[ \t]+at|\bmeet[ \t]+(?:me|us)[ \t]+at|\bdrops?[ \t]+you[ \t]+off[ \t]+at|"
        rf"\b(?:send|ship|deliver|mail|post|return)\w*(?:[ \t]+\w+){{0,3}}?[ \t]+to|\bit[ \t]+is|\bit'?s[ \t]+in)[ \t]+"
        rf"(?P<a>{_LEAD}{_NUM}[ \t]+(?:(?:{_SENTW}|{_PART})[ \t]+){{0,4}}(?:{_SENTW}(?:[ \t]+{_NUM}\b)?|{_NUM}\b){_DOT}{tail})")
    # privacy14: "I'm at 1410 Alameda, Unit 2": after "I'm / we're / staying at", a house number and
    # capitalised words are a street line when a unit or a postcode follows (not "I'm at 3 pm meeting")
    at_unit = re.compile(
        rf"(?i:\b(?:i'?m|i[ \t]+am|we'?re|we[ \t]+are|staying)[ \t]+at)[ \t]+"
        rf"(?P<a>{_NUM}[ \t]+(?:{_CAPW}[ \t]+){{0,2}}{_CAPW}(?=,?[ \t]+(?:{_UNIT}|{_POSTCODE}(?![A-Za-z\d])))(?:{tail}))")
    pobox = re.compile(rf"(?<![\w.\-])(?:{_NUM}[ \t]+)?P\.?[ \t]?O\.?[ \t]?Box[ \t]+\d{{1,6}}\b{tail}", re.I)
    military = re.compile(
        rf"(?<![\w.\-])(?:(?:Unit|PSC|CMR)[ \t]+\d{{1,5}},?[ \t]+Box[ \t]+\d{{1,5}}|(?:USNS|USS|USNV|USCGC)[ \t]+"
        rf"{_CAPW}(?:[ \t]+{_CAPW}){{0,3}}),?\s{{0,3}}(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{{5}}(?:-\d{{4}})?(?![\d-])", re.I)
    piece = rf"(?:{_ANYW}|\d{{1,5}}[A-Za-z]?)"
    corner = re.compile(rf"\b(?:the[ \t]+)?corner[ \t]+of[ \t]+(?:{piece}[ \t]+){{0,5}}?{piece}[ \t]+(?:and|&)[ \t]+"
                        rf"(?:{piece}[ \t]+){{0,4}}{piece}"
                        rf"(?=$|[\s,.;!?)])", re.I)
    # UK and flat-style first lines: "Flat 12B, Miller Court, Eastbury, SW1A 2AB", "Studio 7, Harbour Yard"
    uk_unit = re.compile(
        rf"(?<![\w.\-])(?:Flat|Studio|Apartment|Apt\.?|Maisonette|Unit|Suite|Room)[ \t]+(?:\d{{1,4}}[A-Za-z]?|[A-Z](?![A-Za-z]))(?:/\d{{1,3}})?,?[ \t]+"
        rf"(?:The[ \t]+)?(?!{_NOT_CITY})(?:{_CAPW}[ \t]+){{0,3}}{_CAPW}(?=[ \t]*,|[ \t]+[A-Z]{{1,2}}\d){tail}")
    # a street line without a street word, known by the town, state and ZIP after it:
    # "4410 Kingsway, Port Maria, OR 97201"; and the town line alone: "Austin, TX 78701-1234"
    state = rf"(?:{_US_STATES})"
    # (also Canadian "940 Kingsway, Vancouver, BC V5V 3C7" and UK "12 Broadway, Leeds LS1 4AP" lines)
    town_end = (rf"(?:{state}[ \t]+\d{{5}}(?:-\d{{4}})?(?!\d)|(?:{_CA_PROVINCES})[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
                rf"|[A-Z]{{1,2}}\d[A-Z\d]?[ \t]?\d[A-Z]{{2}})(?![A-Za-z\d])")
    noword = re.compile(
        rf"(?<![\w.\-]){_NUM}[ \t]+(?:{_CAPW}[ \t]+){{0,2}}{_CAPW},[ \t]*{_CITY},?[ \t]+{town_end}")
    townline = re.compile(rf"(?<![\w.\-])(?!{_NOT_CITY}){_CITY},[ \t]*{state}[ \t]+\d{{5}}(?:-\d{{4}})?(?![\d-])")
    postcode = re.compile(r"(?<![A-Za-z\d])(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]\d[A-Z]\d)(?![A-Za-z\d])")
    # UK lines with no house number, known by the postcode closing them: "the Old Rectory, Church Lane,
    # Little Milton, OX44 7QB" (an optional house name, a street with its street word, towns)
    uk_named = re.compile(
        rf"(?<![\w.\-])(?:(?:{_CAPW}[ \t]+){{0,3}}{_CAPW},[ \t]*)?(?:{_CAPW}[ \t]+){{1,3}}(?:{_TYPES})\b\.?"
        rf"(?:,[ \t]*(?!{_NOT_CITY}){_CITY}){{0,3}},?[ \t]+[A-Z]{{1,2}}\d[A-Z\d]?[ \t]?\d[A-Z]{{2}}(?![A-Za-z\d])")
    return us, us_lower, cont, nnn, pobox, military, corner, postcode, num_prefix, cued, uk_unit, noword, townline, uk_named, \
        at_unit


_CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
              "NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AS|GU|MP|PR|VI|AA|AE|AP")


_HAS_HINT = re.compile(r"\d|corner", re.I)


class EnglishAddressRecognizer(Recognizer):
    ENTITIES = ["ADDRESS"]

    def find(self, text, nlp_artifacts):
        if not LATIN.search(text) or not _HAS_HINT.search(text):
            return
        us, us_lower, cont, nnn, pobox, military, corner, postcode, num_prefix, cued, uk_unit, noword, townline, \
            uk_named, at_unit = _patterns()
        # the named-house pattern is only worth its backtracking where a UK postcode is present
        extra = ((uk_named, 0.8),) if postcode.search(text) else ()
        for pat, score in extra + ((us, 0.85), (cont, 0.8), (pobox, 0.8), (military, 0.85), (corner, 0.8),
                           (us_lower, 0.75), (nnn, 0.7), (postcode, 0.6), (num_prefix, 0.75), (cued, 0.75),
                           (uk_unit, 0.86), (noword, 0.75), (townline, 0.7), (at_unit, 0.75)):
            for m in pat.finditer(text):
                s, e = m.span("a") if pat is cued or pat is at_unit else m.span()
                # a trailing full stop belongs to the sentence unless it ends an abbreviation
                if e > s and text[e - 1] in ",;>\n":
                    e -= 1
                e = _trim_courtesy(text, s, e)
                yield "ADDRESS", _extend_back(text, s), e, score


# Parts written before the street line in Taiwan and Hong Kong (and flat-first lines anywhere):
# "3F, No. 5, Alley 4, Lane 123, Sec. 1, Fuxing S. Rd.", "Flat 5B, 8/F, Tower 2, 18 Harbour Road".
_BACK_PART = (r"(?:\d{1,3}[ \t]?(?:F|/F|fl\.?)(?:-\d{1,3})?|[GLU]/F|(?i:No|Lane|Ln|Alley|Aly|Sec|Section|Lot|Blk|Block|Tower|Twr|"
              r"Flat|Unit|Suite|Ste|Room|Rm|Apt|Floor|Fl|Level|Lvl|Bldg|Building|Wing)\.?[ \t]?#?"
              r"[A-Za-z0-9]{1,5}(?:-\d{1,4})?)")
_BACK_STEP = re.compile(rf"(?<![\w.\-#]){_BACK_PART}[ \t]*[,，]?[ \t]*$")
# "Sec. 1, Fuxing S. Rd." read from its "1": the word left dangling before the number goes too
# (privacy14: and the unit word of a unit read from its number: "Tower 2, Times Square…", "Apartment 9F, 600 W…")
_DANGLING = re.compile(r"(?<![\w.\-])(?i:No|Lane|Ln|Alley|Aly|Sec|Section|Blk|Block|Tower|Twr|Flat|Unit|Room|Rm|Suite|"
                       r"Ste|Apt|Apartment|Floor|Fl|Level|Lvl|Building|Bldg|Wing)\.?[ \t]*$")
_BACK_WINDOW = 24
# facts14b: a building or estate name between the unit parts and the street line (Hong Kong):
# "Flat C, 12/F, Wing Fat Building, 200 Hennessy Road". The name is taken only when a unit or floor
# part stands right before it, so "Call Tom, 12 Main St" never grows into the name.
_NAME_STEP = re.compile(r"(?<![\w.\-])(?:[A-Z][\w'&.\-]*[ \t]+){0,4}[A-Z][\w'&.\-]*[ \t]*,[ \t]*$")
_NAME_WINDOW = 48


def _extend_back(text: str, s: int) -> int:
    """The start of the address with the unit, lane and floor parts written before its anchor."""
    for _ in range(8):            # bounded: each step reads at most _BACK_WINDOW characters
        m = _DANGLING.search(text, max(0, s - 12), s)
        if m:
            s = m.start()
        m = _BACK_STEP.search(text, max(0, s - _BACK_WINDOW), s)
        if not m:
            name = _NAME_STEP.search(text, max(0, s - _NAME_WINDOW), s)
            unit = _BACK_STEP.search(text, max(0, name.start() - _BACK_WINDOW), name.start()) if name else None
            if name is None or unit is None:
                break
            m = unit
        s = m.start()
    return s


# Lower-case words people put after an address that no address ends with ("…Avenue please").
_COURTESY = re.compile(r"(?:[ \t,]+(?:please|pls|plz|thanks|thx|asap|today|tomorrow|instead|now|again|too|"
                       r"thank you|if possible))+[ \t.!]*$")


def _trim_courtesy(text: str, s: int, e: int) -> int:
    m = _COURTESY.search(text, s, e)
    return m.start() if m and m.start() > s else e
