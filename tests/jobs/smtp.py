"""A real SMTP server whose answers a test writes, per recipient.

:class:`ScriptedInbox` is the suite's :class:`tests.mail_server.Inbox` (aiosmtpd on
localhost) that can refuse a recipient, answer a given try's DATA with an error, and
hold a try inside DATA until the test releases it. A held try waits without blocking
the server, so other connections are served meanwhile; if its client goes away (a
worker killed), aiosmtpd cancels it and it is recorded as abandoned, never received.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.mail_server import Inbox

# A held try is let go after this long, so that a broken test cannot hang the suite.
HOLD_LIMIT_SECONDS = 60
TRY_AGAIN = "451 4.3.0 Try again later"


@dataclass
class Script:
    """How the server answers one recipient; tries are numbered from 1."""

    rcpt: str | None = None  # the answer to RCPT TO instead of accepting it
    data: dict[int, str] = field(default_factory=dict)  # the answer to given tries' DATA
    otherwise: str | None = None  # the answer to every other try's DATA (None: accept)
    hold: frozenset[int] = frozenset()  # tries that wait in DATA until released

    def answer(self, number: int) -> str | None:
        """What try ``number``'s DATA is answered (None: accepted)."""
        return self.data.get(number, self.otherwise)


class ScriptedInbox(Inbox):
    """An inbox that follows each recipient's :class:`Script` (none: accept everything)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: dict[str, Script] = {}
        self.tries: dict[str, int] = {}  # DATA commands seen per recipient
        self.holding: set[tuple[str, int]] = set()  # (recipient, try) waiting in DATA now
        self.abandoned: list[tuple[str, int]] = []  # held tries whose client went away
        self._released: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def release(self, recipient: str, number: int) -> None:
        """Let try ``number`` to ``recipient`` go on (if held, now or later)."""
        with self._lock:
            self._released.add((recipient, number))

    def is_holding(self, recipient: str, number: int) -> bool:
        """Whether try ``number`` to ``recipient`` waits in DATA now."""
        with self._lock:
            return (recipient, number) in self.holding

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        """Accept the recipient, or give its script's answer (aiosmtpd's hook name)."""
        answer = self.scripts.get(address, Script()).rcpt
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        """Hold, refuse or accept the message as its recipient's script says."""
        (recipient,) = envelope.rcpt_tos
        script = self.scripts.get(recipient, Script())
        with self._lock:
            number = self.tries[recipient] = self.tries.get(recipient, 0) + 1
        if number in script.hold:
            await self._held((recipient, number))
        answer = script.answer(number)
        if answer:
            return answer
        return await super().handle_DATA(server, session, envelope)

    async def _held(self, key: tuple[str, int]) -> None:
        """Wait, without blocking the server, until the test releases this try."""
        with self._lock:
            self.holding.add(key)
        deadline = time.monotonic() + HOLD_LIMIT_SECONDS
        try:
            while time.monotonic() < deadline:
                with self._lock:
                    if key in self._released:
                        return
                await asyncio.sleep(0.02)
        except asyncio.CancelledError:
            # The client went away mid-DATA: the message was never accepted.
            self.abandoned.append(key)
            raise
        finally:
            with self._lock:
                self.holding.discard(key)
