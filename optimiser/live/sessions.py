"""Each browser session's state: its levers, its held model, its turn.

- A session's requests take turns (one solve at a time on its model); sessions do not wait for
  each other.
- The newest request wins: a request whose `seq` is older than one the session has already
  received is stale, refused before it waits, or as soon as a newer one arrives while it waits
  for its turn (409 `{"stale": true}` without solving).
- Memory is bounded: at most `max_plans` sessions hold a model; the least recently used one
  gives its model up when another needs one, and builds it again if it comes back (its levers
  are kept). At most `max_sessions` sessions are remembered at all.
- `first`: a model built already (the server's base plan's), which the first session takes;
  `spare`: then one model is built ahead in the background for the next new session, so its
  first answer does not wait for the base to be solved again."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field


class Stale(Exception):
    """A newer request of the same session has arrived."""


@dataclass
class Session:
    id: str
    cond: threading.Condition = field(default_factory=threading.Condition)
    newest: int = -1  # the highest seq received
    busy: bool = False
    plan: object | None = None  # the held model (optimiser.live.engine.make_plan)
    levers: dict = field(default_factory=dict)  # the checked levers of the newest answer
    planned: int = -1  # the seq of that answer
    last: object | None = None  # (levers, run, figures) of the last answer solved
    used: float = field(default_factory=time.monotonic)


class Sessions:
    def __init__(
        self,
        make_plan: Callable[[], object],
        max_plans: int = 8,
        max_sessions: int = 256,
        spare: bool = False,
        first: object | None = None,
    ):
        self.make_plan = make_plan
        self.max_plans = max(1, max_plans)
        self.max_sessions = max(self.max_plans, max_sessions)
        self.lock = threading.Lock()
        self.sessions: OrderedDict[str, Session] = OrderedDict()
        self.held: OrderedDict[str, None] = OrderedDict()  # sessions holding a model, LRU first
        self.built = 0  # models built, for the tests and the log
        self.evicted = 0
        self._spare_wanted = spare
        self._spare: Future | None = None
        if first is not None:  # a model built already (the server's base): the first session's
            self._spare = Future()
            self._spare.set_result(first)
            self.built = 1
        self._builder = ThreadPoolExecutor(1, "spare-plan") if spare else None
        if spare and first is None:
            self._prepare_spare()

    # ---- sessions --------------------------------------------------------------------------
    def get(self, session_id: str) -> Session:
        with self.lock:
            session = self.sessions.get(session_id)
            if session is None:
                session = self.sessions[session_id] = Session(session_id)
                self._forget_oldest()
            self.sessions.move_to_end(session_id)
            session.used = time.monotonic()
            return session

    def find(self, session_id: str) -> Session | None:
        with self.lock:
            return self.sessions.get(session_id)

    def _forget_oldest(self) -> None:
        """Beyond `max_sessions`: the least recently used idle sessions are forgotten."""
        for old in list(self.sessions):
            if len(self.sessions) <= self.max_sessions:
                return
            session = self.sessions[old]
            if not session.busy:
                del self.sessions[old]
                self.held.pop(old, None)

    # ---- turns -----------------------------------------------------------------------------
    @contextmanager
    def turn(self, session: Session, seq: int | None = None) -> Iterator[None]:
        """The session's turn; Stale when a newer `seq` has arrived (before or while waiting).
        A request without a seq (a save, a download) waits its turn and is never stale."""
        with session.cond:
            if seq is not None:
                if seq < session.newest:
                    raise Stale
                session.newest = seq
                session.cond.notify_all()  # older requests waiting for their turn give up
            while session.busy:
                session.cond.wait()
                if seq is not None and seq < session.newest:
                    raise Stale
            session.busy = True
        try:
            yield
        finally:
            with session.cond:
                session.busy = False
                session.cond.notify_all()

    # ---- held models -----------------------------------------------------------------------
    def plan(self, session: Session):
        """The session's held model (in its turn), built or taken from the spare if it has
        none; the least recently used other session gives its model up beyond `max_plans`."""
        with self.lock:
            if session.plan is not None:
                self.held[session.id] = None
                self.held.move_to_end(session.id)
                return session.plan
            spare, self._spare = self._spare, None
        plan = None
        if spare is not None:
            try:
                plan = spare.result()
            except Exception:  # noqa: BLE001 - a failed spare is built again below
                plan = None
        if plan is None:
            plan = self.make_plan()
            with self.lock:
                self.built += 1
        with self.lock:
            session.plan = plan
            self.held[session.id] = None
            self.held.move_to_end(session.id)
            self._evict(keep=session.id)
        self._prepare_spare()
        return plan

    def _evict(self, keep: str) -> None:
        while len(self.held) > self.max_plans:
            victim = next((s for s in self.held if s != keep), None)
            if victim is None:
                return
            del self.held[victim]
            session = self.sessions.get(victim)
            if session is not None:
                session.plan = None  # a solve in progress keeps its own reference until done
                session.last = None
            self.evicted += 1

    def _prepare_spare(self) -> None:
        with self.lock:
            if (
                not self._spare_wanted
                or self._builder is None
                or self._spare is not None
                or len(self.held) >= self.max_plans
            ):
                return

            def build():
                plan = self.make_plan()
                with self.lock:
                    self.built += 1
                return plan

            self._spare = self._builder.submit(build)

    def holding(self) -> int:
        with self.lock:
            return len(self.held)

    def close(self) -> None:
        with self.lock:
            self._spare_wanted = False
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.cancel()
        if self._builder is not None:
            self._builder.shutdown(wait=False, cancel_futures=True)
