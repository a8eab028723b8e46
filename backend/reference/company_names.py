"""Company names: from a registered (often all upper-case) issuer name to the common name.

"THE INDIAN HOTELS COMPANY LIMITED" -> "Indian Hotels Company", "DIXON TECHNOLOGIES (INDIA) LIMITED"
-> "Dixon Technologies", "HDFC BANK LIMITED" -> "HDFC Bank". The rules: drop the legal suffix (Ltd,
Limited, Inc, Corp, Corporation, Plc...), a leading "The", a bracketed "(India)" and accents; put
all-caps words in title case but keep acronyms upper-case. Acronyms are words without a vowel
("HDFC", "NCC"), short words that are not English ("ITC", "UCO") and a short list of known ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

# Dropped only at the end of a name: "Titan Company" keeps "Company" as its common name does.
_TRAILING_LEGAL = re.compile(
    r"(?:[\s,]+(?:limited|ltd|inc|incorporated|corp|corporation|plc|llc|pvt|private|co|n\.?v|s\.?a|a\.?g)\.?)+\s*$",
    re.IGNORECASE,
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_BRACKETED_INDIA = re.compile(r"\s*\(\s*india\s*\)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_LOWER_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "by", "to", "de", "a", "an"})
_ORDINAL = re.compile(r"^(\d+)(ST|ND|RD|TH)$", re.IGNORECASE)
_VOWELS = frozenset("AEIOUY")
# Acronyms with a vowel and more than three letters, as the companies write them.
KNOWN_ACRONYMS = frozenset(
    """
    ICICI IDFC IDBI IIFL IRFC IRCTC GAIL BHEL BEML NIIT CRISIL ICRA HUDCO IREDA IRCON RITES KIOCL
    NOCIL ISGEC CESC BASF INOX CDSL ELGI IFGL IOLCP JTEKT KPIT LIC MOIL NELCO NIBE OCCL ONGC SEPC
    SIEL UFLEX MTAR PPAP ICDS JITF GOCL RKEC TARC WPIL STEL ESAB ESAF UNO VIP WABCO EPACK AIA
    AVT IKIO POCL RPSG TVS PTC GMM RACL AGI EIH NDTV IEX ITI IFCI KEI KEC HEG NLC SIS UTI ACC ABB
    UPL ITC IOL BLS IRB REC GIC HIL RHI TIL UFO VST AU
    """.split()  # noqa: SIM905 - a word list reads better than 90 quoted strings
)

# Short words in Indian names that are names, not acronyms: "Sai Life Sciences", "Raj Rayon".
NAME_WORDS = frozenset(
    """
    RAJ TEK LAL BIO SAI OM DEV SRI JAI NEU DEE ECO GOA LUX OLA SOM TAJ TEC TEX ZIM UMA AUM SYN JIO
    BAL MAC DAI ARO RAM KIRI HOV NAV JAY
    """.split()  # noqa: SIM905
)


def strip_legal_form(name: str) -> str:
    """`name` without a leading "The", a bracketed "(India)" or trailing legal suffixes."""
    text = _SPACES.sub(" ", strip_accents(name)).strip()
    text = _BRACKETED_INDIA.sub("", text)
    text = _LEADING_THE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_LEGAL.sub("", text).strip(" ,.-")
    return text


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def common_name(issuer: str, english_words: Collection[str]) -> str:
    """The common name of a registered issuer name (see the module docstring)."""
    words = strip_legal_form(issuer).split(" ")
    letters = [ch for ch in "".join(words) if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        words = [_case_word(word, position, english_words) for position, word in enumerate(words)]
    return " ".join(word for word in words if word)


def _case_word(word: str, position: int, english_words: Collection[str]) -> str:
    if "-" in word:
        return "-".join(_case_word(part, position, english_words) for part in word.split("-"))
    if "." in word.strip("."):
        # Initials: "J.B." stays, "DR." becomes "Dr."
        return ".".join(
            _case_word(part, position, english_words) if len(part) > 1 else part for part in word.split(".")
        )
    core = word.strip(".,()'")
    if not core:
        return word
    ordinal = _ORDINAL.match(core)
    if ordinal:
        cased = ordinal.group(1) + ordinal.group(2).lower()
    elif core.lower() in _LOWER_WORDS and position > 0:
        cased = core.lower()
    elif _is_acronym(core, english_words):
        cased = core
    else:
        cased = core[0].upper() + core[1:].lower()
    return word.replace(core, cased, 1)


def _is_acronym(word: str, english_words: Collection[str]) -> bool:
    letters = "".join(ch for ch in word if ch.isalpha())
    if not letters:
        return True
    if word in NAME_WORDS:
        return False
    if word in KNOWN_ACRONYMS or "&" in word or any(ch.isdigit() for ch in word):
        return True
    if not (_VOWELS & set(letters)):
        return True
    return len(letters) <= 3 and letters.lower() not in english_words
