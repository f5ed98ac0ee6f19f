"""Help > How to teach with it, and Help > About.

The teaching page is a table of tips; each names the window actions it is about, and the keys
it shows are read from those actions (``window.acts``), so a key on the page is the key that
works. A tip whose feature this window does not have is left out. About states the version and
licence from the project's own metadata (``pyproject.toml`` in a checkout, the installed
package's metadata in the bundle) and where the digits come from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.datasets import N_SAMPLES

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
DISTRIBUTION = "neuron-lab"


@dataclass(frozen=True)
class Tip:
    """One topic of the teaching page: ``actions`` are names in ``window.acts`` (their keys and
    texts are shown; the tip needs the first one), ``keys`` further (key, what it does) pairs
    that a panel handles itself."""

    title: str
    actions: tuple[str, ...]
    text: str
    keys: tuple[tuple[str, str], ...] = ()


TIPS: tuple[Tip, ...] = (
    Tip(
        "Lesson mode",
        ("lesson",),
        "The lesson step by step in a side panel; each step sets up the window for itself. "
        "PageDown and PageUp (or a presenter's clicker) go to the next and previous step. "
        "Leaving lesson mode puts your own design back.",
        keys=(("PageDown", "next step"), ("PageUp", "previous step")),
    ),
    Tip(
        "The pace",
        ("slower", "faster"),
        "Slow motion shows every update, one a second; the class pace runs a whole training "
        "in about 20 seconds; full speed is one step away. Change it while training runs.",
    ),
    Tip(
        "Projector layout",
        ("projector",),
        "Big text for the back of the room: the designer folds to a one-line summary and the "
        "plot, the canvas and the numbers get the space.",
    ),
    Tip(
        "Zoom",
        ("bigger", "smaller", "actual_size"),
        "Every text and number in the window grows or shrinks together.",
    ),
    Tip(
        "Ask the class",
        ("questions", "pick_student"),
        "The lesson's questions in order, with the answer worked out for the network on "
        "screen, and a fair cold-call: nobody is picked twice before everyone has had a "
        "turn. The class list stays on this computer.",
    ),
)


def action_key(window: QMainWindow, name: str) -> tuple[str, str] | None:
    """(shortcut as the user types it, what it does) of the window's action ``name``; None
    when the window has no such action or it has no shortcut."""
    action = getattr(window, "acts", {}).get(name)
    if action is None:
        return None
    key = str(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
    return (key, action.text().replace("…", "").lower()) if key else None


def teaching_tips(window: QMainWindow) -> list[tuple[Tip, list[tuple[str, str]]]]:
    """(tip, its (key, what) pairs) for each tip whose first action this window has."""
    shown = []
    for tip in TIPS:
        if tip.actions[0] not in getattr(window, "acts", {}):
            continue
        keys = [pair for pair in (action_key(window, n) for n in tip.actions) if pair]
        shown.append((tip, [*keys, *tip.keys]))
    return shown


def teaching_html(window: QMainWindow) -> str:
    """The page as rich text (our own words, escaped): per tip a heading, its keys, the text."""
    parts = []
    for tip, keys in teaching_tips(window):
        keys_html = " &nbsp;·&nbsp; ".join(f"<b>{escape(k)}</b> {escape(what)}" for k, what in keys)
        parts.append(f"<h3>{escape(tip.title)}</h3><p>{keys_html}</p><p>{escape(tip.text)}</p>")
    parts.append("<p><b>F1</b> lists every shortcut.</p>")
    return "".join(parts)


class TeachingHelp(QDialog):
    """Help > How to teach with it: a page that may stay open beside the window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("teachingHelp")
        self.setWindowTitle("How to teach with Neuron Lab")
        # A dialog is a window of its own: without this it would not follow the main
        # window's font, and the presentation zoom would pass it by.
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self.text = QTextBrowser(self)
        self.text.setObjectName("teachingHelpText")
        self.text.setHtml(teaching_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        em = self.fontMetrics().averageCharWidth()
        self.resize(62 * em, 36 * self.fontMetrics().height())


def show_teaching_help(window: QMainWindow) -> TeachingHelp:
    """Open the page, or raise it if it is open (one per window)."""
    page = window.findChild(TeachingHelp)
    if page is None:
        page = TeachingHelp(window)
    page.show()
    page.raise_()
    page.activateWindow()
    return page


def project_facts() -> tuple[str, str]:
    """(version, licence): from pyproject.toml beside the sources (a checkout: always
    current), else from the installed package's metadata (the bundle)."""
    try:
        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
        return str(project["version"]), str(project["license"]["text"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        pass
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "(unknown version)", "MIT"
    return str(meta["Version"]), str(meta["License"] or "MIT")


def about_text() -> str:
    """Help > About: what the app is, its version and licence, the data's source and licence."""
    version, licence = project_facts()
    return (
        f"Neuron Lab {version}\n\n"
        "Neuron Lab shows how a neural network learns to read handwritten digits. Design a "
        "network, press Train, and watch the loss fall while the network's guess for your "
        "own drawing changes. Every number is computed live by a small NumPy network: x is "
        "the picture, z = W·x + b, a = f(z).\n\n"
        f"Licence: {licence}.\n\n"
        f"Data: the {N_SAMPLES:,} 8x8 digits of scikit-learn's load_digits, the test set of "
        '"Optical Recognition of Handwritten Digits" (E. Alpaydin and C. Kaynak, 1998) '
        "from the UCI Machine Learning Repository, licensed CC BY 4.0."
    )


def show_about(window: QWidget) -> None:
    """The About box, through the window's one message box (plain text)."""
    window.show_message(  # type: ignore[attr-defined]
        QMessageBox.Icon.Information, "About Neuron Lab", about_text()
    )
