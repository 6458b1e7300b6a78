#!/usr/bin/env python3
"""A real SMTP server on loopback for altinn-sweep's transport tests (aiosmtpd).

Usage: smtp_sink.py OUTDIR [LIFETIME_SECONDS [XOAUTH2_USER XOAUTH2_TOKEN]]

Listens on 127.0.0.1 on a free port chosen by the kernel and prints "PORT <n>" on stdout
once it accepts connections. Every message received is saved as OUTDIR/<n>.eml (the DATA
bytes exactly as received, CRLF line ends, dot-unstuffed) beside OUTDIR/<n>.json (the
envelope: mail_from, rcpt_tos). RCPT TO an address whose local part is "reject" is
refused with "550 5.1.1". The server stops when its stdin closes (the test is done, or
died) or after LIFETIME_SECONDS (default 120), whichever comes first, so it never
outlives the test by long.

With XOAUTH2_USER and XOAUTH2_TOKEN, the server offers only AUTH XOAUTH2 (over plain
loopback), refuses MAIL FROM before a successful login ("530 5.7.0"), accepts exactly
the SASL string "user=USER^Aauth=Bearer TOKEN^A^A" and answers anything else "535 5.7.3".
Every SASL string it receives is appended, decoded, as one JSON line to OUTDIR/auth.jsonl.
"""

import asyncio
import base64
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].lower() == "reject":
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such mailbox (test)"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, f"{self.count:04d}")
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return f"250 2.0.0 OK: queued as test-{self.count}"


class XOAuth2Sink(Sink):
    def __init__(self, outdir, user, token):
        super().__init__(outdir)
        self.expected = f"user={user}\x01auth=Bearer {token}\x01\x01".encode()

    async def auth_XOAUTH2(self, server, args):
        if len(args) == 2:
            response = args[1].encode()
        else:
            response = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(response, bytes):
                return AuthResult(success=False, handled=False)
            response = base64.b64encode(response)
        try:
            sasl = base64.b64decode(response, validate=True)
        except ValueError:
            sasl = b"<not base64>"
        with open(os.path.join(self.outdir, "auth.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps({"sasl": sasl.decode("utf-8", "replace")}) + "\n")
        if sasl == self.expected:
            return AuthResult(success=True, auth_data=sasl)
        return AuthResult(success=False, handled=False,
                          message="535 5.7.3 Authentication unsuccessful (test)")


async def main():
    outdir = sys.argv[1]
    lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    loop = asyncio.get_running_loop()
    if len(sys.argv) > 4:
        handler = XOAuth2Sink(outdir, sys.argv[3], sys.argv[4])
        options = dict(auth_required=True, auth_require_tls=False,
                       auth_exclude_mechanism=["LOGIN", "PLAIN"])
    else:
        handler = Sink(outdir)
        options = {}
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", loop=loop, **options),
        host="127.0.0.1", port=0
    )
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)

    stop = asyncio.Event()

    def wait_for_stdin_eof():
        sys.stdin.read()
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait_for_stdin_eof, daemon=True).start()
    try:
        await asyncio.wait_for(stop.wait(), timeout=lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
