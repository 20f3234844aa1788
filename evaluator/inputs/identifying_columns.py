"""Column names that announce a direct identifier: Naam, Geb.datum, Adres ouders, Straat + huisnr, e-mail.

``names_identifier(header)`` normalises a header (case, spaces, dots, hyphens, plus signs, accents) into
words and is true when a word is or contains an identifying word, Dutch or English. Short or ambiguous
words (tel, dob, mail, telefoon) count only as a whole word, so that ``aantal_telefoongesprekken`` or
``deelname`` pass. The columns every input file uses (traject_id, praktijk, gebied, huisarts, ...) pass.
"""

from __future__ import annotations

import re
import unicodedata

# A word of the header that contains one of these names an identifier (clientnaam, woonadres, geboortedatum).
CONTAINED = ("naam", "namen", "adres", "straat", "huisnummer", "huisnr", "geboren", "geboorte", "bsn",
             "burgerservice", "sofinummer", "postcode", "woonplaats", "verblijfplaats", "voorletter", "initialen",
             "tussenvoegsel", "address", "street", "birth", "surname", "firstname", "lastname", "fullname",
             "zipcode", "postal")
# Words that name an identifier only as a whole word.
WHOLE = frozenset({"name", "names", "tel", "telnr", "telefoon", "telefoonnummer", "telefoonnr", "telefoonnummers",
                   "mobiel", "mobielnummer", "gsm", "phone", "telephone", "phonenumber", "mobile",
                   "email", "mail", "emailadres", "mailadres", "emails", "dob", "geb", "gebdatum", "gebdat", "zip",
                   "ssn", "pc6", "iban", "rekeningnummer", "bankrekening", "bankrekeningnummer", "born"})
# Headers (normalised) that contain such a word but name no person.
ALLOWED = frozenset({"praktijk", "praktijk_naam", "naam_praktijk", "praktijknaam", "gemeente_naam", "naam_gemeente",
                     "gemeentenaam", "pc4", "postcode4", "postcode_4", "postcodegebied"})


def header_words(header: str) -> tuple[str, ...]:
    """The words of a header, lower case and without accents: "Straat + huisnr." -> ("straat", "huisnr")."""
    plain = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii").lower()
    return tuple(w for w in re.split(r"[^a-z0-9]+", plain) if w)


def names_identifier(header: str, allowed: frozenset[str] = frozenset()) -> bool:
    """True when the header announces a direct identifier (naam, adres, geboortedatum, bsn, e-mail, ...)."""
    words = tuple(w for w in header_words(header) if not w.isdigit())  # StatLine adds _18 to Gemeentenaam
    joined = "_".join(words)
    if not words or joined in ALLOWED or joined in allowed:
        return False
    return any(w in WHOLE or any(part in w for part in CONTAINED) for w in words if w not in ALLOWED)
