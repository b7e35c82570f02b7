"""Every HiGHS object is made here, silent from its first moment.

From highspy 1.16 the first `Highs()` of a process prints HiGHS's banner straight to the standard
output (file descriptor 1, below Python), before any option can turn output off; a scheduled run
with `--quiet` would mail it every night. The first construction therefore runs with descriptor 1
pointed at the null device, then output is switched off through the options as before.
"""

from __future__ import annotations

import os
import sys
import threading

import highspy

_lock = threading.Lock()
_banner_done = False


def new_highs(**options) -> highspy.Highs:
    """A `highspy.Highs` with `output_flag` off and the given options set."""
    global _banner_done
    with _lock:
        if _banner_done:
            h = highspy.Highs()
        else:
            h = _silently(highspy.Highs)
            _banner_done = True
    h.setOptionValue("output_flag", False)
    for name, value in options.items():
        h.setOptionValue(name, value)
    return h


def _silently(make):
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 at all: nothing to keep quiet
        return make()
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        return make()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
