"""Regression: the installed PySide6 survives many signal emits.

PySide6 6.12.0 on CPython <= 3.11 drops a reference to True on every Signal.emit() and the
interpreter dies (bool_dealloc, exit 134) after a few thousand. The window emits that often in
a long training run, so the pin in pyproject.toml must keep such a version out.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        ping = Signal(object)
        flag = Signal(bool)

    class Sink(QObject):
        def __init__(self):
            super().__init__()
            self.count = 0

        def on_ping(self, value):
            self.count += 1

    app = QCoreApplication([])
    emitter, sink = Emitter(), Sink()
    emitter.ping.connect(sink.on_ping)
    emitter.flag.connect(sink.on_ping)
    for i in range(10_000):
        emitter.ping.emit(i)
        emitter.flag.emit(True)
    assert sink.count == 20_000, sink.count
    print("ok")
    """
)


def test_ten_thousand_emits_do_not_crash_the_interpreter():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout.strip() == "ok"
