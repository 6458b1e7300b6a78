#!/usr/bin/env python3
"""Regenerate the demo mailbox in assets/demo/Mail/ deterministically.

    python3 assets/demo/make_demo.py

Rebuilds Mail/{INBOX,Altinn,Trash}/{cur,new,tmp} from scratch, writes
EXPECTED.tsv (what altinn-sweep must suggest with its default rules) and checks
with the stdlib `email` parser that every subject and text part decodes to
exactly the intended text.
"""
# ---------------------------------------------------------------------------
# Raw RFC 5322 / MIME construction (shared verbatim by make_demo.py and
# make_fixtures.py so each script stays standalone).  Every encoded byte is
# produced here deterministically; nothing depends on the clock or randomness.
# ---------------------------------------------------------------------------
import base64
import email
import email.policy
import hashlib
import quopri
import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

CET = timezone(timedelta(hours=1), "CET")
CEST = timezone(timedelta(hours=2), "CEST")


def oslo(y, mo, d, h, mi, s=0):
    """A wall-clock time in Europe/Oslo (CET in winter, CEST from the last
    Sunday of March to the last Sunday of October)."""
    def last_sunday(month):
        dt = datetime(y, month, 31)
        return 31 - (dt.weekday() + 1) % 7
    summer = (mo, d) > (3, last_sunday(3)) and (mo, d) < (10, last_sunday(10))
    summer = summer or (mo, d) == (3, last_sunday(3)) and h >= 3
    summer = summer or (mo, d) == (10, last_sunday(10)) and h < 3
    return datetime(y, mo, d, h, mi, s, tzinfo=CEST if summer else CET)


def rfc_date(dt):
    return format_datetime(dt)


def token(seed, length=12, alphabet="BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz23456789"):
    """Deterministic opaque token (queue ids etc.) with no long digit runs."""
    out, i = "", 0
    while len(out) < length:
        h = hashlib.sha256(f"{seed}#{i}".encode()).digest()
        for b in h:
            c = alphabet[b % len(alphabet)]
            if c.isdigit() and len(out) >= 2 and out[-1].isdigit() and out[-2].isdigit():
                continue
            out += c
        i += 1
    return out[:length]


def uuidish(seed):
    """Deterministic UUID-shaped hex string with no run of 6+ decimal digits
    (so nothing in a header can ever look like an org number)."""
    for salt in range(10000):
        h = hashlib.sha256(f"{seed}/{salt}".encode()).hexdigest()
        s = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"
        if not re.search(r"\d{6}", s):
            return s
    raise RuntimeError(seed)


def encoded_words(text, charset="UTF-8", enc="Q", maxlen=66):
    """RFC 2047 encoded-words for `text`, split on character boundaries so no
    multi-byte character is cut; spaces are encoded inside the words."""
    prefix, suffix = f"=?{charset}?{enc}?", "?="

    def enc_chunk(s):
        raw = s.encode(charset)
        if enc == "B":
            return base64.b64encode(raw).decode("ascii")
        out = []
        for byte in raw:
            c = chr(byte)
            if c == " ":
                out.append("_")
            elif byte < 128 and (c.isalnum() or c in "!*+-/"):
                out.append(c)
            else:
                out.append("=%02X" % byte)
        return "".join(out)

    words, cur = [], ""
    for ch in text:
        if cur and len(prefix + enc_chunk(cur + ch) + suffix) > maxlen:
            words.append(prefix + enc_chunk(cur) + suffix)
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(prefix + enc_chunk(cur) + suffix)
    return words


def enc_header(text, charset="UTF-8", enc="Q", maxlen=66):
    """Encoded-words joined by folding whitespace (decoders drop it)."""
    return "\n ".join(encoded_words(text, charset, enc, maxlen))


class Part:
    """A single text/* leaf."""

    def __init__(self, text, subtype="plain", charset="utf-8", cte="quoted-printable",
                 quote_charset=False, extra_headers=(), params=""):
        self.text, self.subtype, self.charset, self.cte = text, subtype, charset, cte
        self.params = params
        self.quote_charset, self.extra_headers = quote_charset, list(extra_headers)

    def render(self):
        cs = f'"{self.charset}"' if self.quote_charset else self.charset
        headers = [f"Content-Type: text/{self.subtype}; charset={cs}{self.params}"]
        headers.append(f"Content-Transfer-Encoding: {self.cte}")
        headers += self.extra_headers
        data = self.text.encode(self.charset)
        if self.cte == "quoted-printable":
            body = quopri.encodestring(data)
        elif self.cte == "base64":
            body = base64.encodebytes(data)
        elif self.cte in ("8bit", "7bit"):
            if self.cte == "7bit":
                data.decode("ascii")
            body = data
        else:
            raise ValueError(self.cte)
        if not body.endswith(b"\n"):
            body += b"\n"
        return headers, body

    def leaves(self):
        return [self]


class Multipart:
    def __init__(self, subtype, boundary, parts, preamble="This is a multi-part message in MIME format."):
        self.subtype, self.boundary, self.parts, self.preamble = subtype, boundary, parts, preamble

    def render(self):
        headers = [f'Content-Type: multipart/{self.subtype};\n\tboundary="{self.boundary}"']
        body = b""
        if self.preamble:
            body += self.preamble.encode("ascii") + b"\n\n"
        for p in self.parts:
            ph, pb = p.render()
            body += f"--{self.boundary}\n".encode("ascii")
            body += ("\n".join(ph) + "\n\n").encode("ascii") + pb
        body += f"--{self.boundary}--\n".encode("ascii")
        return headers, body

    def leaves(self):
        return [leaf for p in self.parts for leaf in p.leaves()]


def build(headers, entity, crlf=False):
    """headers: list of already-encoded 'Name: value' strings (may contain
    '\\n' + whitespace folds).  Returns the raw message bytes."""
    eh, body = entity.render()
    head = "\n".join(list(headers) + ["MIME-Version: 1.0"] + eh) + "\n\n"
    head_b = head.encode("ascii")  # headers must be pure ASCII
    raw = head_b + body
    if crlf:
        assert b"\r" not in raw
        raw = raw.replace(b"\n", b"\r\n")
    return raw


def received_chain(date, relay_host, relay_ip, seed, to="postmottak@sandnes.kommune.no"):
    t1 = rfc_date(date + timedelta(seconds=3))
    t2 = rfc_date(date + timedelta(seconds=4))
    tz = date.tzname()
    return [
        f"Received: from mx.sandnes.kommune.no (mx.sandnes.kommune.no [192.0.2.25])\n"
        f"\tby imap.sandnes.kommune.no (Postfix) with ESMTPS id {token(seed + 'a', 12)}\n"
        f"\tfor <{to}>; {t2} ({tz})",
        f"Received: from {relay_host} ({relay_host} [{relay_ip}])\n"
        f"\tby mx.sandnes.kommune.no (Postfix) with ESMTPS id {token(seed + 'b', 12)}\n"
        f"\tfor <{to}>; {t1} ({tz})",
    ]


AUTH_PASS = ("Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=altinn.no; "
             "dkim=pass header.d=altinn.no; dmarc=pass header.from=altinn.no")


def std_headers(seed, date, subject_hdr, *, from_hdr="Altinn <noreply@altinn.no>",
                to="postmottak@sandnes.kommune.no", return_path="noreply@altinn.no",
                relay=("smtp.altinn.no", "203.0.113.17"), auth=AUTH_PASS,
                msgid_domain="altinn.no", extra=(), omit=()):
    """Header block in the order a real delivery produces.  `subject_hdr` is
    the already-encoded Subject value (or None to omit)."""
    h = []
    if return_path is not None:
        h.append(f"Return-Path: <{return_path}>")
    h.append(f"Delivered-To: {to}")
    h += received_chain(date, relay[0], relay[1], seed, to)
    if auth:
        h.append(auth)
    if "date" not in omit:
        h.append(f"Date: {rfc_date(date)}")
    if "from" not in omit and from_hdr is not None:
        h.append(f"From: {from_hdr}")
    h.append(f"To: {to}")
    if subject_hdr is not None and "subject" not in omit:
        h.append(f"Subject: {subject_hdr}")
    h.append(f"Message-ID: <{uuidish(seed)}@{msgid_domain}>")
    h += list(extra)
    return h


def check_message(path, raw, subject, entity, crlf):
    """Parse with the stdlib and assert the subject and every text leaf decode
    to exactly what was intended."""
    if crlf:
        assert raw.count(b"\n") == raw.count(b"\r\n"), f"{path}: mixed line endings"
    else:
        assert b"\r" not in raw, f"{path}: stray CR"
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    got_subject = msg["subject"]
    if subject is None:
        assert got_subject is None, f"{path}: unexpected subject {got_subject!r}"
    else:
        assert str(got_subject) == subject, f"{path}: subject {str(got_subject)!r} != {subject!r}"
    leaves = [p for p in msg.walk() if not p.is_multipart()]
    want = entity.leaves()
    assert len(leaves) == len(want), f"{path}: {len(leaves)} leaves, want {len(want)}"
    for got, exp in zip(leaves, want):
        assert got.get_content_type() == f"text/{exp.subtype}", (path, got.get_content_type())
        text = got.get_content().replace("\r\n", "\n").rstrip("\n")
        assert text == exp.text.rstrip("\n"), f"{path}: body mismatch\n{text!r}\n{exp.text!r}"
        for line in raw.split(b"\n"):
            assert len(line.rstrip(b"\r")) <= 998, f"{path}: line too long"
    return msg

# ---------------------------------------------------------------------------
# Notification wordings (from /work/shared/altinn-notification-formats.md)
# ---------------------------------------------------------------------------

def _j(*parts):
    return " ".join(p for p in parts if p)


def nb_new(name, sender, extra=""):
    return f"Hei. {name} har mottatt en ny melding fra {sender}. {extra}Logg deg inn i Altinn for å se denne meldingen."


def nb_new_rem(name, sender, extra=""):
    return (f"Hei. Dette er en påminnelse om at {name} har mottatt en ny melding fra {sender}. "
            f"{extra}Logg deg inn i Altinn for å se denne meldingen.")


def nn_new(name, sender, extra=""):
    return f"Hei. {name} har motteke ei ny melding frå {sender}. {extra}Logg deg inn i Altinn for å sjå denne meldinga."


def nn_new_rem(name, sender, extra=""):
    return (f"Hei. Dette er ei påminning om at {name} har motteke ei ny melding frå {sender}. "
            f"{extra}Logg deg inn i Altinn for å sjå denne meldinga.")


def en_new(name, sender, extra=""):
    return f"Hello. {name} has received a new message from {sender}. {extra}Log in to Altinn to see this message."


def en_new_rem(name, sender, extra=""):
    return (f"Hello. This is a reminder that {name} has received a new message from {sender}. "
            f"{extra}Log in to Altinn to see this message.")


def nb_first(name, sender, extra=""):
    return _j(f"Hei {name}, du har mottatt en ny melding i Altinn fra {sender}.", extra,
              "Logg deg inn i Altinn inboks for å se denne meldingen.")


def nb_first_rem(name, sender, extra=""):
    return _j(f"Hei {name}, dette er en påminnelse om at du har mottatt en ny melding i Altinn fra {sender}.",
              extra, "Logg deg inn i Altinn inboks for å se denne meldingen.")


def nn_first(name, sender, extra=""):
    return _j(f"Hei {name}, du har motteke ei ny melding i Altinn frå {sender}.", extra,
              "Logg deg inn i Altinn inboks for å sjå denne meldinga.")


def nn_first_rem(name, sender, extra=""):
    return _j(f"Hei {name}, dette er ei påminning om at du har motteke ei ny melding i Altinn frå {sender}.",
              extra, "Logg deg inn i Altinn inboks for å sjå denne meldinga.")


def en_first(name, sender, extra=""):
    return _j(f"Hello {name}, you have received a new message in Altinn from {sender}.", extra,
              "Log in to Altinn inbox to see this message.")


def en_first_rem(name, sender, extra=""):
    return _j(f"Hello {name}, this is a reminder that you have received a new message in Altinn from {sender}.",
              extra, "Log in to Altinn inbox to see this message.")


def html_doc(paras, title, charset="utf-8", lang="nb"):
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n'
            f"<title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n")


NAV_LOGIN_NEW = ('Logg inn på <a href="https://www.altinn.no/">Altinn</a> eller '
                 '<a href="https://arbeidsgiver.nav.no/min-side-arbeidsgiver/">Nav</a> for å se {what}.')


def nav_new_sykmelding(name=None, nr=None, underenhet=None):
    if underenhet:
        first = f"En ansatt i underenhet med orgnr {underenhet} har sendt inn en ny sykmelding."
    else:
        first = f"En ansatt hos {name} (orgnr {nr}) har sendt inn en ny sykmelding."
    return [first, NAV_LOGIN_NEW.format(what="sykmeldingen"), "Vennlig hilsen Nav."]


def nav_new_soknad(name, nr):
    return [f"En ansatt hos {name} (orgnr {nr}) har sendt inn en søknad om sykepenger.",
            NAV_LOGIN_NEW.format(what="søknaden"), "Vennlig hilsen Nav."]


def nav_old_sykmelding(name, nr, word="sykmelding", altinn_link=True):
    login = (f'Logg inn på <a href="https://www.altinn.no/ui/MessageBox?O={nr}">Altinn</a> for å se {word}en.'
             if altinn_link else f"Logg inn på Altinn for å se {word}en.")
    return [f"En ansatt i {name} ({nr}) har sendt inn en digital {word}.", login,
            f"Husk samtidig å melde inn hvem som er nærmeste leder for den {word[:-3]}te hvis dette ikke er gjort tidligere.",
            "Vennlig hilsen NAV."]


def nav_old_soknad(name, nr, sign="Vennlig hilsen NAV."):
    return [f"En ansatt i {name} ({nr}) har sendt inn en søknad om sykepenger.",
            f'Logg inn på <a href="https://www.altinn.no/ui/MessageBox?O={nr}">Altinn</a> for å se søknaden.',
            sign]


def nav_old_ikke_sendt(name, nr):
    return [f"En ansatt i {name} ({nr}) har fått en søknad om sykepenger til utfylling, "
            f"men har foreløpig ikke sendt den inn.",
            f'Logg inn på <a href="https://www.altinn.no/ui/MessageBox?O={nr}">Altinn</a> for å se hvem det '
            f"gjelder og hvilken periode søknaden gjelder for."]


# Expected-answer shorthands -------------------------------------------------
def E(listed, suspicious, action, rule, org="-", name="-", sender="-", note=""):
    return dict(listed=listed, suspicious=suspicious, action=action, rule=rule,
                org=org or "-", name=name or "-", sender=sender or "-", note=note)


def ARCHIVE(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "archive", "archive-rest", org, name, sender, note)


def OWN(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "delete", "own-mail-units", org, name, sender, note)


def SICK(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "delete", "sick-note", org, name, sender, note)


def SICKPAY(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "delete", "sick-pay-application", org, name, sender, note)


def FORWARD(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "forward", "sick-pay-not-submitted", org, name, sender, note)


def CUSTOMS(org="-", name="-", sender="-", note=""):
    return E("yes", "no", "delete", "customs-overview", org, name, sender, note)


def SUSPICIOUS(org="-", name="-", sender="-", note=""):
    return E("yes", "yes", "skip", "suspicious", org, name, sender, note)


def NOT_LISTED(note=""):
    return E("no", "-", "-", "-", "-", "-", "-", note)

# ---------------------------------------------------------------------------
# The demo mailbox
# ---------------------------------------------------------------------------
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIL = os.path.join(HERE, "Mail")
FOLDERS = ["INBOX", "Altinn", "Trash"]
SK = "SANDNES KOMMUNE"
MSGS = []

KOMMUNE_AUTH = ("Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=sandnes.kommune.no; "
                "dkim=pass header.d=sandnes.kommune.no; dmarc=pass header.from=sandnes.kommune.no")


def colleague(addr):
    return dict(return_path=addr, relay=("exch01.sandnes.kommune.no", "192.0.2.40"),
                msgid_domain="sandnes.kommune.no", auth=KOMMUNE_AUTH)


def msg(key, subject, entity, expected, *, date, where="cur", flags=None, enc=None, crlf=False, **hdr):
    if flags is None:
        flags = "" if where == "new" else "S"   # seen if already moved to cur/
    subject_hdr = None
    if subject is not None:
        if enc is None and not subject.isascii():
            enc = ("UTF-8", "Q")
        subject_hdr = enc_header(subject, enc[0], enc[1]) if enc else subject
    MSGS.append(dict(key=key, subject=subject, subject_hdr=subject_hdr, entity=entity, expected=expected,
                     date=date, where=where, flags=flags, crlf=crlf, hdr=hdr))


def plain(text, **kw):
    return Part(text + "\n", "plain", **kw)


def html(paras, title, charset="utf-8", cte="quoted-printable", lang="nb"):
    return Part(html_doc(paras, title, charset, lang), "html", charset=charset, cte=cte)


def nov(d, h, mi, s=0):
    return oslo(2026, 11, d, h, mi, s)


msg("nb-newest", "En melding har blitt mottatt i Altinn",
    plain(nb_new(SK, "Skatteetaten")),
    ARCHIVE(note="newest nb template; UTF-8 quoted-printable"), date=nov(16, 8, 2, 14))
msg("colleague", "Vaktliste dokumentsenteret desember",
    plain("Hei,\n\nHer er vaktlista for desember. Si fra innen fredag hvis noe må byttes.\n\n"
          "Uke 49: Kari\nUke 50: Ola\nUke 51: Ingrid\nUke 52: Kari\n\nHilsen Kari"),
    NOT_LISTED("ordinary mail from a colleague"), date=nov(16, 8, 40, 2),
    from_hdr="Kari Nordmann <kari.nordmann@sandnes.kommune.no>", **colleague("kari.nordmann@sandnes.kommune.no"))
msg("en-newest", "A message has been received in Altinn",
    plain(en_new(SK, "The Brønnøysund Register Centre")),
    ARCHIVE(note="newest en template; CRLF"), date=nov(16, 9, 15, 7), crlf=True)
msg("nav-sykmelding-html", f"Ny sykmelding for en av dine ansatte hos {SK}",
    html(nav_new_sykmelding(SK, "964965137"), "Ny sykmelding"),
    SICK("964965137", note="NAV newest; HTML only; links to altinn.no and arbeidsgiver.nav.no"), date=nov(16, 10, 5, 30))
msg("newsletter", "Nyhetsbrev uke 47: Ny arkivlov på høring",
    Multipart("alternative", "=_nyhetsbrev_47_a", [
        plain("Kommunal Rapport – nyhetsbrev uke 47\n\nNy arkivlov på høring: dette betyr det for kommunene.\n"
              "Les mer: https://kommunal-rapport.no/arkiv/ny-arkivlov\n\n"
              "Du mottar dette fordi du abonnerer. Avmeld: https://kommunal-rapport.no/avmeld"),
        html(['<strong>Kommunal Rapport – nyhetsbrev uke 47</strong>',
              '<a href="https://kommunal-rapport.no/arkiv/ny-arkivlov">Ny arkivlov på høring: dette betyr det for kommunene</a>',
              'Du mottar dette fordi du abonnerer. <a href="https://kommunal-rapport.no/avmeld">Avmeld</a>'],
             "Nyhetsbrev uke 47"),
    ]),
    NOT_LISTED("newsletter (multipart/alternative)"), date=nov(17, 7, 30, 0),
    from_hdr="Kommunal Rapport <nyhetsbrev@kommunal-rapport.no>", return_path="bounce@kommunal-rapport.no",
    relay=("mta2.kommunal-rapport.no", "198.51.100.61"), msgid_domain="kommunal-rapport.no",
    auth="Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=kommunal-rapport.no; "
         "dkim=pass header.d=kommunal-rapport.no; dmarc=pass header.from=kommunal-rapport.no",
    extra=["List-Unsubscribe: <https://kommunal-rapport.no/avmeld>"])
msg("nn-newest", "Ein melding har blitt motteke i Altinn",
    plain(nn_new(SK, "Statsforvaltaren i Rogaland"), cte="base64"),
    ARCHIVE(note="newest nn template; base64; CRLF"), date=nov(17, 8, 12, 45), crlf=True)
msg("barnevern-number", "Melding fra Bufetat i Altinn",
    plain("SANDNES KOMMUNE BARNEVERN (973857673) har mottatt en ny melding i Altinn fra Bufetat.\n\n"
          "Logg inn i Altinn for å lese meldingen."),
    OWN("973857673", note="Barnevern: 'NAME (NR)' Altinn 2 style"), date=nov(17, 9, 0, 3))
msg("trashed", "En melding har blitt mottatt i Altinn",
    plain(nb_new(SK, "Husbanken")),
    NOT_LISTED("genuine notification but carries the T (trashed) flag: treated as deleted"),
    date=nov(17, 11, 20, 9), flags="ST")
msg("nb-first-reminder-latin1", "Påminnelse - du har mottatt en melding i Altinn",
    plain(nb_first_rem(SK, "Skatteetaten"), charset="iso-8859-1"),
    ARCHIVE(note="first gen nb reminder; =?iso-8859-1?Q?...?= subject; ISO-8859-1 QP body; From no-reply@altinn.no"),
    date=nov(18, 7, 55, 0), enc=("iso-8859-1", "Q"), from_hdr="Altinn <no-reply@altinn.no>",
    return_path="no-reply@altinn.no")
msg("nav-sandnes-name", "En melding har blitt mottatt i Altinn",
    plain(nb_new("NAV SANDNES", "Arbeids- og velferdsdirektoratet")),
    OWN(note="Nav Sandnes by recipient name, no number"), date=nov(18, 8, 30, 12), crlf=True)
msg("skatteetaten-a2", "Melding fra Skatteetaten i Altinn",
    plain(f"Til {SK}, org.nr. 964 965 137\n\nDu har fått en ny melding fra Skatteetaten i meldingsboksen i Altinn.\n"
          "Meldingen gjelder: Skattetrekksoppgjør for 5. termin 2026.\n\nLogg inn i Altinn for å lese meldingen.\n\n"
          "Med vennlig hilsen\nSkatteetaten"),
    ARCHIVE("964965137", note="agency-defined subject; spaced org.nr.; main organisation; flagged FS"),
    date=nov(18, 13, 10, 40), flags="FS")
msg("phish-lookalike-domain", "Du har mottatt en melding i Altinn",
    html([f"Hei {SK}, du har mottatt en ny melding i Altinn fra Skatteetaten.",
          'Meldingen gjelder tilbakebetaling av merverdiavgift. '
          '<a href="https://altinn-varsel.com/idporten/login">Logg inn i Altinn</a> for å se meldingen.'],
         "Altinn"),
    SUSPICIOUS(note="phishing: \"Altinn\" <varsel@altinn-varsel.com>, link to a fake login page"),
    date=nov(19, 2, 47, 0), crlf=True,
    from_hdr='"Altinn" <varsel@altinn-varsel.com>', return_path="bounce@altinn-varsel.com",
    relay=("vps-17.altinn-varsel.com", "198.51.100.73"), msgid_domain="altinn-varsel.com",
    auth="Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=altinn-varsel.com; "
         "dkim=none (message not signed); dmarc=none header.from=altinn-varsel.com")
msg("mentions-altinn", "Fullmakt for innsending av mva-melding",
    plain("Hei,\n\nVi fører regnskapet for Sandnes Eiendom KF og trenger rollen «Regnskapsfører» i Altinn "
          "for å sende inn mva-meldingen for 5. termin. Kan dere delegere den til oss?\n\n"
          "Mvh\nLars Berg\nBerg Regnskap AS"),
    NOT_LISTED("external mail that merely mentions Altinn in the body"), date=nov(19, 8, 5, 0),
    from_hdr="Lars Berg <lars@berg-regnskap.no>", return_path="lars@berg-regnskap.no",
    relay=("smtp.berg-regnskap.no", "198.51.100.88"), msgid_domain="berg-regnskap.no",
    auth="Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=berg-regnskap.no; "
         "dkim=pass header.d=berg-regnskap.no; dmarc=pass header.from=berg-regnskap.no")
msg("tolldeklarasjon", "Melding fra Tolletaten i Altinn",
    plain(f"{SK} (964965137) har mottatt Tolldeklarasjonsoversikt for oktober 2026 fra Tolletaten.\n\n"
          "Logg inn i Altinn for å hente dokumentet."),
    CUSTOMS("964965137", note="Tolldeklarasjonsoversikt in the body"), date=nov(19, 9, 40, 0))
msg("calendar", "Invitasjon: Gjennomgang av Altinn-rutinen @ tor. 3. des. 2026 10:00–11:00",
    Multipart("alternative", "=_cal_invite_b7", [
        plain("Ola Hansen har invitert deg til et møte.\n\nGjennomgang av Altinn-rutinen\n"
              "Torsdag 3. desember 2026 kl. 10:00–11:00\nSted: Møterom Ganddal, Rådhuset"),
        Part("BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nVERSION:2.0\n"
             "METHOD:REQUEST\nBEGIN:VEVENT\nUID:altinn-rutine-gjennomgang@sandnes.kommune.no\n"
             "DTSTAMP:20261120T070000Z\nDTSTART;TZID=Europe/Oslo:20261203T100000\n"
             "DTEND;TZID=Europe/Oslo:20261203T110000\nSUMMARY:Gjennomgang av Altinn-rutinen\n"
             "LOCATION:Møterom Ganddal\\, Rådhuset\n"
             "ORGANIZER;CN=Ola Hansen:mailto:ola.hansen@sandnes.kommune.no\n"
             "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:postmottak@sandnes.kommune.no\n"
             "END:VEVENT\nEND:VCALENDAR\n", "calendar", params="; method=REQUEST"),
    ]),
    NOT_LISTED("calendar invitation whose subject mentions Altinn (does not begin with a template)"),
    date=nov(20, 8, 0, 0), flags="", crlf=True,
    from_hdr="Ola Hansen <ola.hansen@sandnes.kommune.no>", **colleague("ola.hansen@sandnes.kommune.no"))
msg("forward-vs", "VS: Du har mottatt en melding i Altinn",
    plain("Hei,\n\nDenne kom til meg ved en feil. Kan dokumentsenteret ta den?\n\nHilsen Ingrid\n\n"
          "-----Opprinnelig melding-----\nFra: Altinn <noreply@altinn.no>\n"
          "Sendt: torsdag 19. november 2026 14:02\nTil: Vik, Ingrid <ingrid.vik@sandnes.kommune.no>\n"
          "Emne: Du har mottatt en melding i Altinn\n\n" + nb_first(SK, "Helsedirektoratet")),
    NOT_LISTED("colleague forwards a notification (VS:) from sandnes.kommune.no"), date=nov(20, 10, 30, 0),
    from_hdr="Ingrid Vik <ingrid.vik@sandnes.kommune.no>", **colleague("ingrid.vik@sandnes.kommune.no"))
msg("nav-old-sykmelding-alt", "Ny sykmelding i Altinn",
    Multipart("alternative", "----=_Part_nav_sm_1", [
        plain("\n\n".join([f"En ansatt i {SK} (964965137) har sendt inn en digital sykmelding.",
                           "Logg inn på Altinn for å se sykmeldingen: https://www.altinn.no/ui/MessageBox?O=964965137",
                           "Husk samtidig å melde inn hvem som er nærmeste leder for den sykmeldte hvis dette ikke er gjort tidligere.",
                           "Vennlig hilsen NAV."]), charset="iso-8859-1"),
        html(nav_old_sykmelding(SK, "964965137"), "Ny sykmelding", charset="iso-8859-1"),
    ]),
    SICK("964965137", note="NAV older generation; multipart/alternative ISO-8859-1; MessageBox link"),
    date=nov(23, 7, 45, 10), where="new")
msg("nav-soknad-b64", f"Ny søknad om sykepenger for en av dine ansatte hos {SK}",
    html(nav_new_soknad(SK, "964965137"), "Ny søknad om sykepenger", cte="base64"),
    SICKPAY("964965137", note="NAV newest; HTML only, base64; =?UTF-8?B?...?= subject"),
    date=nov(23, 7, 46, 2), where="new", enc=("UTF-8", "B"), crlf=True)
msg("nav-ikke-sendt", "Sykepengesøknad som ikke er sendt inn",
    html(nav_old_ikke_sendt(SK, "964965137"), "Sykepengesøknad", charset="iso-8859-1"),
    FORWARD("964965137", note="forward to payroll (Lønn); =?iso-8859-1?Q?...?= subject"),
    date=nov(23, 7, 47, 30), where="new", enc=("iso-8859-1", "Q"))
msg("flyktning-spaced", "Ny melding i Altinn",
    plain("SANDNES KOMMUNE FLYKTNINGENHETEN, org.nr. 996 958 515, har mottatt en ny melding i Altinn fra IMDi.\n\n"
          "Logg inn i Altinn for å lese meldingen.", charset="iso-8859-1", cte="base64"),
    OWN("996958515", note="Flyktningenheten; spaced org.nr.; ISO-8859-1 base64"),
    date=nov(23, 8, 15, 0), where="new", crlf=True)
msg("ppt-extra", "En melding har blitt mottatt i Altinn",
    plain(nb_new(SK, "Statped", "Saken gjelder Pedagogisk-psykologisk tjeneste, orgnr 973857789. ")),
    ARCHIVE(note="greets SANDNES KOMMUNE; PPT's number in the sender's text says what it is about, not who got it"), date=nov(23, 9, 2, 0), where="new")
msg("phish-dmarc-fail", "En melding har blitt mottatt i Altinn",
    plain(nb_new(SK, "Skatteetaten")),
    SUSPICIOUS(note="From noreply@altinn.no but Authentication-Results dmarc=fail (spoofed)"),
    date=nov(24, 3, 12, 0), where="new", return_path="bounce@kontor-post.example",
    relay=("kontor-post.example", "198.51.100.200"), msgid_domain="kontor-post.example",
    auth="Authentication-Results: mx.sandnes.kommune.no;\n\tspf=fail (sender IP is 198.51.100.200) smtp.mailfrom=altinn.no;\n"
         "\tdkim=none (message not signed);\n\tdmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=altinn.no")
msg("dialogmote", "En melding har blitt mottatt i Altinn - Innkalling til dialogmøte",
    plain(nb_new(SK, "Nav", "Innkalling til dialogmøte om oppfølging av en arbeidstaker med sykmelding. ")),
    ARCHIVE(note="NAV letter; body mentions sykmelding but the subject is not a sick-note subject"),
    date=nov(24, 8, 20, 0), where="new")
msg("nb-reminder-alt", "Påminnelse - en melding har blitt mottatt i Altinn",
    Multipart("alternative", "=_altinn_reminder_3c", [
        plain(nb_new_rem(SK, "Statistisk sentralbyrå")),
        html([nb_new_rem(SK, "Statistisk sentralbyrå")], "Påminnelse"),
    ]),
    ARCHIVE(note="newest nb reminder; multipart/alternative"), date=nov(24, 9, 5, 0), where="new", crlf=True)
msg("fra-nav-brief", "Melding mottatt i Altinn",
    plain(nb_new(SK, "NAV")),
    ARCHIVE(note="brief subject variant; 'fra NAV' is the sender, not the Nav Sandnes unit"),
    date=nov(25, 8, 10, 0), where="new")
msg("en-first-subdomain", "You have received a message in Altinn",
    plain(en_first(SK, "the Norwegian Labour Inspection Authority"), charset="us-ascii", cte="7bit"),
    ARCHIVE(note="first gen en; From varsel@notifications.altinn.no (subdomain)"),
    date=nov(25, 10, 0, 0), where="new",
    from_hdr="Altinn varsling <varsel@notifications.altinn.no>", return_path="bounce@notifications.altinn.no",
    auth="Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=notifications.altinn.no; "
         "dkim=pass header.d=altinn.no; dmarc=pass header.from=notifications.altinn.no")
msg("phish-link", "Du har mottatt en melding i Altinn",
    plain(nb_first(SK, "Skatteetaten", "Meldingen slettes om 48 timer. Logg inn her: https://altinn.no.example.org/login")),
    SUSPICIOUS(note="genuine-looking headers but the link goes to altinn.no.example.org"),
    date=nov(25, 23, 58, 0), where="new")
msg("nn-first", "Du har motteke ei melding i Altinn",
    plain(nn_first(SK, "Sametinget")),
    ARCHIVE(note="first gen nn"), date=nov(26, 7, 30, 0), where="new", crlf=True)


# --- As Exchange Online (Microsoft 365) delivers mail: Safe Links, subject tags, banners --

MS_AUTH_PASS = ("Authentication-Results: spf=pass (sender IP is 203.0.113.17)\n smtp.mailfrom=altinn.no; "
                "dkim=pass (signature was verified)\n header.d=altinn.no;dmarc=pass action=none\n "
                "header.from=altinn.no;compauth=pass reason=100")
EXO_BANNER = ("Denne e-posten kommer fra utsiden av Sandnes kommune. Ikke klikk på lenker eller åpne "
              "vedlegg med mindre du kjenner avsenderen.")


def safe_link(url):
    """A URL as Defender for Office 365 Safe Links rewrites it."""
    from urllib.parse import quote
    return ("https://eur02.safelinks.protection.outlook.com/?url=" + quote(url, safe="")
            + "&data=05%7C02%7Cpostmottak%40sandnes.kommune.no%7C" + token(url, 16)
            + "%7C0%7C0%7C638&sdata=" + token(url + "/s", 20) + "%3D&reserved=0")


def exo_html(paras):
    """Outlook's HTML: the banner table first, MsoNormal paragraphs with <o:p>."""
    body = "".join(f"<p class=MsoNormal>{p}<o:p></o:p></p>\n" for p in paras)
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n</head>\n'
            '<body lang=NO-BOK>\n<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 '
            "width=\"100%\" style='background:#FFEB9C'><tr><td>\n"
            f"<p class=MsoNormal><b>EKSTERN AVSENDER:</b> {EXO_BANNER}<o:p></o:p></p>\n"
            "</td></tr></table>\n<div class=WordSection1>\n" + body + "</div>\n</body>\n</html>\n")


def a(url, text):
    return f'<a href="{safe_link(url).replace("&", "&amp;")}">{text}</a>'


msg("exo-tagged-sykmelding", f"[EKSTERN] Ny sykmelding for en av dine ansatte hos {SK}",
    Part(exo_html([
        "En ansatt hos SANDNES&nbsp;KOMMUNE (orgnr 964&nbsp;965&nbsp;137) har sendt inn en ny sykmelding.",
        f"Logg inn på {a('https://www.altinn.no/', 'Altinn')} eller "
        f"{a('https://arbeidsgiver.nav.no/min-side-arbeidsgiver/', 'Nav')} for å se sykmeldingen.",
        "Vennlig hilsen Nav.",
    ]), "html", cte="base64"),
    SICK("964965137", note="as Exchange Online delivers it: [EKSTERN] subject tag, banner table, Safe Links, Microsoft Authentication-Results"),
    date=nov(26, 8, 5, 0), where="new", crlf=True, auth=MS_AUTH_PASS)
msg("exo-safelinks", "En melding har blitt mottatt i Altinn",
    Multipart("alternative", "_000_AM0PR02MB5433EXO_", [
        plain(f"EKSTERN AVSENDER: {EXO_BANNER}\n\n"
              + nb_new(SK, "Skatteetaten").replace(
                  "Logg deg inn i Altinn", f"Logg deg inn i Altinn<{safe_link('https://www.altinn.no/')}>")),
        Part(exo_html([nb_new("SANDNES&nbsp;KOMMUNE", "Skatteetaten").replace(
            "Logg deg inn i Altinn", f"Logg deg inn i {a('https://www.altinn.no/', 'Altinn')}")]),
            "html", cte="quoted-printable"),
    ]),
    ARCHIVE(note="Safe Links on every link (text<URL> and HTML), banner in both parts: genuine"),
    date=nov(26, 9, 40, 0), where="new", crlf=True, auth=MS_AUTH_PASS)
msg("exo-phish-wrapped", "[EKSTERN] Du har mottatt en melding i Altinn",
    Part(exo_html([
        "Hei SANDNES&nbsp;KOMMUNE, du har mottatt en ny melding i Altinn fra Skatteetaten.",
        f"Meldingen slettes om 48 timer. {a('https://altinn-innlogging.example/login', 'Logg inn i Altinn')}",
    ]), "html", cte="quoted-printable"),
    SUSPICIOUS(note="phishing behind Safe Links: the wrapped target is altinn-innlogging.example"),
    date=nov(26, 10, 15, 0), where="new", crlf=True, auth=MS_AUTH_PASS)

COLUMNS = ["file", "listed", "suspicious", "action", "rule", "recipient_org", "note"]


def main():
    if os.path.isdir(MAIL):
        shutil.rmtree(MAIL)
    for folder in FOLDERS:
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(MAIL, folder, sub))
    rows = ["\t".join(COLUMNS)]
    seq = {}
    for uid, m in enumerate(sorted(MSGS, key=lambda m: m["date"]), start=1201):
        delivered = m["date"] + timedelta(seconds=5)
        epoch = int(delivered.timestamp())
        pid = 40000 + delivered.day * 17          # one mbsync run per day
        seq[pid] = seq.get(pid, 0) + 1
        unique = f"{epoch}.{pid}_{seq[pid]}.mailhost,U={uid}"
        name = unique if m["where"] == "new" else f"{unique}:2,{m['flags']}"
        assert m["where"] == "cur" or not m["flags"]
        rel = f"INBOX/{m['where']}/{name}"
        headers = std_headers("demo/" + m["key"], m["date"], m["subject_hdr"], **m["hdr"])
        raw = build(headers, m["entity"], m["crlf"])
        check_message(rel, raw, m["subject"], m["entity"], m["crlf"])
        with open(os.path.join(MAIL, rel), "wb") as fh:
            fh.write(raw)
        os.utime(os.path.join(MAIL, rel), (epoch, epoch))
        e = m["expected"]
        rows.append("\t".join([rel, e["listed"], e["suspicious"], e["action"], e["rule"], e["org"], e["note"]]))
    for folder in FOLDERS:
        for sub in ("cur", "new", "tmp"):
            d = os.path.join(MAIL, folder, sub)
            if not os.listdir(d):
                open(os.path.join(d, ".gitkeep"), "wb").close()
    with open(os.path.join(HERE, "EXPECTED.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(rows) + "\n")
    print(f"wrote {len(MSGS)} messages to {MAIL} and EXPECTED.tsv", file=sys.stderr)


if __name__ == "__main__":
    main()
