"""Digit runs and what they are.

One linear scan finds runs of digits with single separators ("138 1234 5678",
"(010) 8888-6666", "+1 (555) 123-4567", "11010519491231002X"). Each run is cut into
groups at its separators; every window of consecutive groups is classified (mobile,
landline, international, resident ID, card, SSN, order/tracking/date = keep) and the best
non-overlapping windows win. The nearest context cue decides ambiguous numbers.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import phonenumbers

from .context import nearest_cue

# A run: optional "+"/"(+86)"-style start, digits joined by at most one short separator.
# Every repetition must consume a digit, so the scan is linear (no nested ambiguity).
_RUN = re.compile(r"(?:\+ ?)?(?:\(\+?\d{1,4}\) ?)?\d(?:(?:[ \-]|\) ?| ?\()?\d)*(?:[Xx](?![A-Za-z]))?")
_SEP = re.compile(r"[^\dXx+]+")
MAX_DIGITS = 40          # longer runs are junk (or data dumps), never one identifier
MAX_GROUPS = 10

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SSN_RAW = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2030


def cn_id_ok(s: str) -> bool:
    """18-character GB 11643 number: area code, valid birth date, check character."""
    if len(s) != 18 or not s[:17].isdigit() or s[0] in "09":
        return False
    if not _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
        return False
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS)) % 11]
    return s[17].upper() == check


def cn_id_date_ok(s: str) -> bool:
    if len(s) == 18:
        return s[:17].isdigit() and _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    if len(s) == 15:
        return s.isdigit() and s[0] not in "09" and _valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


def ssn_ok(d: str) -> bool:
    return (len(d) == 9 and d[:3] not in ("000", "666") and d[0] != "9" and d[3:5] != "00"
            and d[5:] != "0000")


def _intl_ok(digits: str) -> bool:
    try:
        n = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(n) or phonenumbers.is_possible_number(n)


# Countries the shop serves (config [privacy] phone_regions); set by Redactor.create.
REGIONS: tuple[str, ...] = ("US", "GB", "CA", "AU", "DE", "FR", "SG", "HK")


def set_regions(regions) -> None:
    """Phone regions national numbers are read in (config/default.toml [privacy] phone_regions)."""
    global REGIONS
    REGIONS = tuple(r.upper() for r in regions if r.upper() != "CN") or REGIONS
    classify_text.cache_clear()


def _region_possible(digits: str) -> bool:
    """A national number with its trunk 0 ("01632960123", "(029)2018930") in a served region.

    Possible rather than valid: the reserved drama and test ranges people type are not
    "valid" but they are somebody's number shape all the same."""
    for r in REGIONS:
        if r in ("US", "CA"):
            continue
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(digits, r)):
                return True
        except phonenumbers.NumberParseException:
            pass
    return False


# North American 3-3-4 written as a phone number: (415)555-0134, 415-555-0134, (794) 925-8877
_NANP_SHAPE = re.compile(r"\(?\d{3}\)?[ \-]?\d{3}-\d{4}|\(\d{3}\) ?\d{3} ?\d{4}")


def _region_valid(digits: str, regions=None) -> bool:
    for r in regions or REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(digits, r)):
                return True
        except phonenumbers.NumberParseException:
            pass
    return False


def classify(digits: str, raw: str, plus: bool, cue: str | None) -> tuple[str, float] | None:
    """Best reading of one candidate number; ("_KEEP", 1.0) means a number that must survive."""
    n = len(digits)
    has_x = digits[-1:] in ("X", "x")
    if has_x:
        return ("CN_RESIDENT_ID", 0.95 if cn_id_ok(digits) else 0.6) \
            if n == 18 and (cn_id_date_ok(digits[:17] + "0") or cue == "id") and cue not in ("order", "tracking", "keep") else None
    if cue in ("order", "tracking", "keep"):
        return ("_KEEP", 1.0) if n >= 4 else None
    seps = raw.count(" ") + raw.count("-")
    # Dates written with separators (2026-11-20, 2026 11 20) are not identifiers.
    if re.fullmatch(r"(?:19|20)\d\d[-/ ]\d{1,2}[-/ ]\d{1,2}", raw):
        return ("_KEEP", 1.0)
    if plus or (digits.startswith("00") and n >= 10 and raw.startswith("00")):
        d = digits[2:] if digits.startswith("00") and not plus else digits
        if d.startswith("86") and _MOBILE.fullmatch(d[2:]):
            return ("PHONE_NUMBER", 0.95)
        if 8 <= len(d) <= 15 and _intl_ok(d):
            return ("PHONE_NUMBER", 0.9)
    if n == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return ("PHONE_NUMBER", 0.9)
    if n == 11 and _MOBILE.fullmatch(digits):
        return ("PHONE_NUMBER", 0.9)
    if n == 18 and cn_id_ok(digits):
        return ("CN_RESIDENT_ID", 0.95)
    if n == 18 and cue == "id" and cn_id_date_ok(digits):
        return ("CN_RESIDENT_ID", 0.7)
    if n == 15 and cn_id_date_ok(digits) and (cue == "id" or not luhn_ok(digits)):
        return ("CN_RESIDENT_ID", 0.7 if cue == "id" else 0.55)
    if 13 <= n <= 19:
        if luhn_ok(digits):
            return ("CREDIT_CARD", 0.95 if cue == "card" else 0.85)
        if n >= 16 and digits.startswith("62"):
            return ("CREDIT_CARD", 0.7)
        if cue == "card":
            return ("CREDIT_CARD", 0.6)
    if n == 12 and cue == "card":
        return ("CREDIT_CARD", 0.6)  # 12-digit Maestro / store cards, only when called a card
    if n == 9 and (_SSN_RAW.fullmatch(raw) or cue == "ssn") and ssn_ok(digits):
        return ("US_SSN", 0.85 if cue == "ssn" or "-" in raw else 0.6)
    if digits.startswith(("400", "800")) and n == 10 and cue != "phone":
        return None  # company hotlines, not personal
    if digits.startswith("0") and 10 <= n <= 12 and (seps or raw.startswith("(") or cue == "phone"):
        return ("PHONE_NUMBER", 0.8)  # mainland landline with area code (also UK-style 0xx…)
    if 10 <= n <= 11 and (seps or raw.startswith("(")) and _region_valid(digits):
        return ("PHONE_NUMBER", 0.8)  # US/UK style 555-123-4567, (555) 123-4567
    if n == 10 and _NANP_SHAPE.fullmatch(raw) and cue is None:
        return ("PHONE_NUMBER", 0.7)  # fictional 555-01xx and unassigned area codes are written the same way
    if digits.startswith("0") and digits[1:2] != "0" and 10 <= n <= 11 and cue is None and _region_possible(digits):
        return ("PHONE_NUMBER", 0.65)  # UK-style national number without separators
    if cue == "phone" and 7 <= n <= 15:
        return ("PHONE_NUMBER", 0.7)
    if n == 10 and not seps and _region_valid(digits, ("US",)) and cue is None:
        return ("PHONE_NUMBER", 0.5)
    # Grouped like a phone number ("699 956 915", "71-33-52-22", "0487 98 11 92"): 8–12 digits
    # in three or more short groups. Amounts and dates never look like this.
    if 8 <= n <= 12 and seps >= 2 and cue is None:
        groups = re.findall(r"\d+", raw)
        if len(groups) >= 3 and all(2 <= len(g) <= 4 for g in groups) and len(set(map(len, groups))) <= 2:
            return ("PHONE_NUMBER", 0.6)
    if cue == "id" and n in (15, 18):
        return ("CN_RESIDENT_ID", 0.5)
    if cue == "ssn" and n == 9:
        return ("US_SSN", 0.6)
    return None


def _groups(raw: str, offset: int) -> list[tuple[int, int]]:
    """[start, end) of each digit group inside the run (absolute offsets)."""
    out = []
    for m in re.finditer(r"\d+(?:[Xx])?", raw):
        out.append((offset + m.start(), offset + m.end()))
    return out


# Masked before the scan (the text itself is untouched): an extension after a number is read
# by the phone recognizer, and a ZIP+4 after a state code belongs to the address, so neither
# may glue itself to the next number ("TX 78701-1234 512-555-0199" is two spans).
_EXT_MASK = re.compile(r"(?<=\d)\s?(?:x|ext\.?|extension|转|分机)\s?\d{1,5}(?!\d)", re.I)
_ZIP4_MASK = re.compile(r"(?<=\b[A-Z]{2} )\d{5}-\d{4}(?=[ \t]+[(+\d])")


def _mask(text: str) -> str:
    if "x" in text or "X" in text or "ext" in text or "转" in text or "分机" in text:
        text = _EXT_MASK.sub(lambda m: "\x00" * len(m.group(0)), text)
    if "-" in text:
        text = _ZIP4_MASK.sub(lambda m: "\x00" * len(m.group(0)), text)
    return text


@lru_cache(maxsize=16)
def classify_text(text: str) -> tuple[tuple[str, int, int, float], ...]:
    """All classified numbers in `text` as (type, start, end, score), non-overlapping."""
    found: list[tuple[str, int, int, float]] = []
    scan = _mask(text)
    for m in _RUN.finditer(scan):
        s, e = m.start(), m.end()
        raw = m.group(0)
        before = scan[s - 1] if s else ""
        after = scan[e] if e < len(scan) else ""
        # Part of an alphanumeric token (SO2026…, SF123…, HD-2000, v1.2) or a decimal: not a bare number.
        if before.isascii() and (before.isalpha() or before in "_./") and before != "":
            continue
        if after.isascii() and (after.isalpha() or after in "_") and after != "" \
                and not (after in "xX" and text[e + 1:e + 2].isdigit()):  # 555-123-4567x89: extension
            continue
        if after == "." and e + 1 < len(text) and text[e + 1].isdigit():
            continue
        if before == "-" and s >= 2 and text[s - 2].isascii() and text[s - 2].isalnum():
            continue
        groups = _groups(raw, s)
        ndig = sum(ge - gs for gs, ge in groups)
        if ndig > MAX_DIGITS or len(groups) > 4 * MAX_GROUPS or ndig < 4:
            continue
        cands: list[tuple[float, int, str, int, int]] = []
        g = len(groups)
        for i in range(g):
            cue = None
            for j in range(i, min(g, i + MAX_GROUPS)):
                ws, we = groups[i][0], groups[j][1]
                wraw = text[ws:we]
                digits = re.sub(r"[^\dXx]", "", wraw)
                if len(digits) > 20 or (i > 0 and digits.startswith("00")):
                    break  # "00" means an international prefix only at the start of a run
                if cue is None:
                    cue = nearest_cue(text, _start_with_prefix(text, ws, s)) or ""
                plus = i == 0 and raw.lstrip().startswith(("+", "(+"))
                r = classify(digits, wraw, plus, cue or None)
                if r:
                    ws2 = s if (i == 0 and raw[0] in "+(") else ws
                    we2 = e if (j == g - 1 and raw[-1] == ")") else we
                    cands.append((r[1], we2 - ws2, r[0], ws2, we2))
        # The whole run read as one number beats readings of its parts, unless a part is a
        # strong reading (mobile, ID, protected): "6217 0048 3207 5400" is one card.
        whole = [c for c in cands if c[3] <= s + 1 and c[4] >= e - 1]
        if whole and whole[0][0] >= 0.6:
            top = max(c[0] for c in whole)
            cands = [c for c in cands if c in whole or (c[0] >= 0.9 and c[0] > top)]
        # Highest score first, then longest; keep non-overlapping.
        cands.sort(key=lambda c: (-c[0], -c[1]))
        taken: list[tuple[int, int]] = []
        for score, _, typ, ws, we in cands:
            if any(ws < te and ts < we for ts, te in taken):
                continue
            taken.append((ws, we))
            found.append((typ, ws, we, score))
    return tuple(sorted(found, key=lambda f: f[1]))


def _start_with_prefix(text: str, ws: int, run_start: int) -> int:
    return run_start if ws == run_start else ws
