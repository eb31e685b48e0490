"""A real SMTP server for the mail tests (aiosmtpd, Debian's python3-aiosmtpd).

Listens on 127.0.0.1 at a free port, prints "listening PORT" once it accepts connections, and
saves each message it accepts as DIR/N.eml with its envelope in DIR/N.json. It can refuse
recipients (--reject ADDRESS, repeatable) and require a login (--auth USER:PASSWORD). It stops
when its standard input closes, so it never outlives the test that started it.
"""
import argparse
import asyncio
import json
import os
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SavingHandler:
    def __init__(self, folder, rejected):
        self.folder = folder
        self.rejected = {address.lower() for address in rejected}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return f"550 5.1.1 <{address}>: Recipient address rejected: user unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.folder, str(self.count))
        with open(stem + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(stem + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None}, f)
        os.replace(stem + ".eml.tmp", stem + ".eml")
        return "250 Message accepted for delivery"


def authenticator_for(credentials):
    user, password = credentials.split(":", 1)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate


async def main():
    warnings.simplefilter("ignore")  # aiosmtpd warns that a login without TLS is unsafe: on 127.0.0.1 in a test it is the point
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--auth")
    args = parser.parse_args()

    handler = SavingHandler(args.dir, args.reject)
    options = {}
    if args.auth:
        options = dict(authenticator=authenticator_for(args.auth), auth_required=True, auth_require_tls=False)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="localhost", **options), host="127.0.0.1", port=0)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)

    stdin_closed = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), lambda: stdin_closed.set() if not sys.stdin.buffer.read1(4096) else None)
    await stdin_closed.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
