"""A lesson to take home and back: the whole session in one ``.neuronlab`` file.

A session is what a teacher prepared: the design and its trained weights with their history
and epochs, the earlier runs (the ghost curves and the run table), the lesson step, the class's
own digits and the pace. The file is a zip of three members::

    model.npz       a model file exactly as File > Save model writes it (engine/serialization.py:
                    the design, the weights bit for bit, epochs_trained and the history)
    session.json    {"format": "neuron-lab-session", "version": 1, "pace": "class",
                     "lesson": {"step": 3, "active": false},
                     "runs": [{"number": 1, "design": {...}, "ended": "completed",
                               "seconds": 4.2, "shown": true,
                               "curve": [epoch, train_loss, test_loss, train_acc, test_acc, ...],
                               "trace": [x, loss, ...]}, ...]}
    digits.json     the class's own digits, as their own file (engine/own_digits.py)

Reading is as careful as a model's (engine/safe_files.py): a regular file of bounded size, a
zip of exactly these members whose *declared* sizes are checked one by one and in total before
anything is inflated (inflating stops at the declared size: a deflate bomb gives one chunk),
JSON with limits, the model through the model reader itself (``read_model_archive``, never
unpickling), and every field of every run checked. Everything is parsed into a ``Session``
before the caller applies any of it, so a damaged file changes nothing. Every problem is one
``SessionFormatError``: ``Cannot open <path>: <what is wrong>.``

Curves are flat lists (5 numbers an epoch, ``null`` where a number is missing): JSON keeps a
float64 exactly (Python writes the shortest text that reads back to the same number).
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from engine.atomic_save import write_atomically
from engine.design import Design
from engine.model_file import MAX_FILE_BYTES as MAX_MODEL_BYTES
from engine.model_file import ModelFormatError, read_model_archive, refusal
from engine.network import Network
from engine.own_digits import MAX_FILE_BYTES as MAX_DIGITS_BYTES
from engine.own_digits import OwnDigits, parse_digits, to_json
from engine.safe_files import (
    FileRefusedError,
    open_regular,
    open_zip,
    parse_json,
    quoted,
    read_member,
    real_number,
    whole_number,
)
from engine.serialization import save_trained
from engine.trained_model import (
    HISTORY_COLUMNS,
    MAX_EPOCH_NUMBER,
    MAX_HISTORY_ROWS,
    check_metadata,
    check_trained,
    history_rows,
)

FORMAT_NAME = "neuron-lab-session"
FORMAT_VERSION = 1
SUFFIX = ".neuronlab"
MODEL_MEMBER, SESSION_MEMBER, DIGITS_MEMBER = "model.npz", "session.json", "digits.json"
MEMBERS = (MODEL_MEMBER, SESSION_MEMBER, DIGITS_MEMBER)
#: Few enough to list cheaply; enough to recognise a model file opened as a session.
MAX_MEMBERS = 24
#: A class compares a few runs a lesson; a long day of comparisons stays far below this.
MAX_RUNS = 200
#: A run's mini-batch trace is binned to ~150 points (gui/training/run_log.py).
MAX_TRACE_POINTS = 1000
MAX_RUN_NUMBER = 10**6
MAX_SECONDS = 1e9
#: The session's own JSON (runs included: 200 runs of 100 epochs are about 3 MB).
MAX_SESSION_CHARS = 8_000_000
#: What all members may inflate to together, checked from their declared sizes first.
MAX_UNCOMPRESSED_BYTES = MAX_MODEL_BYTES + MAX_SESSION_CHARS + MAX_DIGITS_BYTES + (1 << 20)
#: The file itself: members are stored or deflated, never larger than inflated (+ headers).
MAX_SESSION_FILE_BYTES = MAX_UNCOMPRESSED_BYTES + (1 << 20)
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_RUN_KEYS = frozenset(("number", "design", "ended", "seconds", "shown", "curve", "trace"))
_COLUMNS = len(HISTORY_COLUMNS)


class SessionFormatError(ModelFormatError):
    """A session file that will not be opened: one sentence naming the file and the reason."""


@dataclass(frozen=True)
class RunData:
    """One run as data (the run table's ``RunRecord`` adds its readings to these fields):
    its number in the session, its design, ``curve`` the epoch rows (``HISTORY_COLUMNS``
    order, NaN where missing), ``ended`` how it ended (a ``RunEnd`` name), its training time,
    ``trace`` its binned mini-batch losses (x in epochs, loss)."""

    number: int
    design: Design
    curve: np.ndarray
    ended: str
    seconds: float
    trace: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))


@dataclass(frozen=True)
class SavedRun(RunData):
    """One earlier run as a session keeps it: its data and ``shown``, whether its ghost is
    drawn."""

    shown: bool = True


@dataclass(frozen=True)
class Session:
    """Everything a session file holds, as plain data (the window applies it)."""

    network: Network
    design: Design
    epochs_trained: int = 0
    #: ``(epoch, train_loss, test_loss, train_accuracy, test_accuracy)``; None = missing.
    history: tuple[tuple[Any, ...], ...] = ()
    pace: str = "class"
    runs: tuple[SavedRun, ...] = ()
    lesson_step: int = 0
    lesson_active: bool = False
    digits: OwnDigits = field(default_factory=OwnDigits)


# --- saving ----------------------------------------------------------------------------


def _numbers(values: np.ndarray) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, float).ravel()]


def session_json(session: Session) -> str:
    """The text of ``session.json``."""
    runs = [
        {
            "number": int(run.number),
            "design": run.design.to_dict(),
            "ended": run.ended,
            "seconds": float(run.seconds),
            "shown": bool(run.shown),
            "curve": [v for row in history_rows(run.curve.tolist()) for v in row],
            "trace": _numbers(run.trace),
        }
        for run in session.runs
    ]
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "pace": session.pace,
        "lesson": {"step": int(session.lesson_step), "active": bool(session.lesson_active)},
        "runs": runs,
    }
    return json.dumps(data, allow_nan=False, separators=(",", ":"))


def _model_bytes(session: Session) -> bytes:
    """The model member: ``save_trained``'s own file (with its checks), read back as bytes."""
    with tempfile.TemporaryDirectory(prefix="neuron-lab-session-") as folder:
        path = Path(folder) / MODEL_MEMBER
        save_trained(
            path,
            session.network,
            session.design,
            epochs_trained=session.epochs_trained,
            history=session.history,
        )
        return path.read_bytes()


def save_session(path: str | os.PathLike[str], session: Session) -> Path:
    """Write ``session`` to ``path`` atomically (a crash never leaves half a file).

    ValueError naming ``path``, before anything is written, if any part would not open again
    (the model's checks, or a run the reader would refuse); OSError if it cannot be written.
    """
    target = Path(path)
    try:
        model = _model_bytes(session)
        text = session_json(session)
        parse_session_json(text)  # what the reader would refuse is never written
    except FileRefusedError as exc:
        raise ValueError(f"Cannot save {os.fspath(path)}: {exc.reason}.") from None
    except ValueError as exc:
        reason = str(exc).split(": ", 1)[-1].rstrip(".")
        raise ValueError(f"Cannot save {os.fspath(path)}: {reason}.") from None
    members = {
        MODEL_MEMBER: model,
        SESSION_MEMBER: text.encode("utf-8"),
        DIGITS_MEMBER: to_json(session.digits).encode("utf-8"),
    }

    def write(f: IO[bytes]) -> None:
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in MEMBERS:
                # weights hardly compress, and deflating 15 MB of them takes seconds
                kind = zipfile.ZIP_STORED if name == MODEL_MEMBER else zipfile.ZIP_DEFLATED
                archive.writestr(name, members[name], compress_type=kind)

    return write_atomically(target, write)


# --- loading ---------------------------------------------------------------------------


def _text_name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise FileRefusedError(f"its {what} {quoted(value)} is not a name this program knows")
    return value


def _curve(value: Any, where: str) -> np.ndarray:
    if (
        not isinstance(value, list)
        or len(value) % _COLUMNS
        or len(value) > _COLUMNS * (MAX_HISTORY_ROWS)
    ):
        raise FileRefusedError(f"{where}'s curve is not rows of {_COLUMNS} numbers")
    rows = [value[i : i + _COLUMNS] for i in range(0, len(value), _COLUMNS)]
    try:  # the same rules as a model's history (whole increasing epochs, losses, accuracies)
        checked = check_metadata({"epochs_trained": 0, "history": rows})["history"]
    except FileRefusedError as exc:
        raise FileRefusedError(f"{where}'s curve is damaged ({exc.reason})") from None
    curve = np.array(
        [[math.nan if v is None else v for v in row] for row in checked], dtype=float
    ).reshape(-1, _COLUMNS)
    curve.flags.writeable = False
    return curve


def _trace(value: Any, where: str) -> np.ndarray:
    if not isinstance(value, list) or len(value) % 2 or len(value) > 2 * MAX_TRACE_POINTS:
        raise FileRefusedError(f"{where}'s mini-batch trace is not pairs of numbers")
    xs = [real_number(v, 0.0, MAX_EPOCH_NUMBER) for v in value[0::2]]
    losses = [real_number(v, 0.0, float(np.finfo(float).max)) for v in value[1::2]]
    if any(v is None for v in (*xs, *losses)):
        raise FileRefusedError(f"{where}'s mini-batch trace holds an impossible number")
    trace = np.array(value, dtype=float).reshape(-1, 2)
    trace.flags.writeable = False
    return trace


def _run(item: Any, index: int) -> SavedRun:
    where = f"run {index + 1}"
    if not isinstance(item, dict) or set(item) != _RUN_KEYS:
        raise FileRefusedError(f"{where} does not have the fields of a run")
    number = whole_number(item["number"], 1, MAX_RUN_NUMBER)
    if number is None:
        raise FileRefusedError(f"{where} has the number {quoted(item['number'])}")
    try:
        design = Design.from_dict(item["design"])
    except ValueError as exc:
        first = str(exc).split(". ")[0].rstrip(".")
        raise FileRefusedError(f"{where}'s design is not valid ({first})") from None
    seconds = real_number(item["seconds"], 0.0, MAX_SECONDS)
    if seconds is None:
        raise FileRefusedError(f"{where}'s training time {quoted(item['seconds'])} is impossible")
    if not isinstance(item["shown"], bool):
        raise FileRefusedError(f"{where} does not say whether its ghost is shown")
    return SavedRun(
        number,
        design,
        _curve(item["curve"], where),
        _text_name(item["ended"], f"{where}'s ending"),
        seconds,
        _trace(item["trace"], where),
        item["shown"],
    )


@dataclass(frozen=True)
class SessionParts:
    """What ``session.json`` holds, checked (the model member gives the rest)."""

    pace: str
    runs: tuple[SavedRun, ...]
    lesson_step: int
    lesson_active: bool


def parse_session_json(text: str | bytes) -> SessionParts:
    """``session.json`` with every field checked; FileRefusedError (a clause) otherwise."""
    data = parse_json(text, MAX_SESSION_CHARS)
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise FileRefusedError("it is not a Neuron Lab session")
    version = whole_number(data.get("version"), 1, 10**6)
    if version is None:
        raise FileRefusedError("it has no valid format version")
    if version > FORMAT_VERSION:
        raise FileRefusedError(
            f"it has format version {quoted(version)}, newer than the version "
            f"{FORMAT_VERSION} this program reads (please update Neuron Lab)"
        )
    if set(data) != {"format", "version", "pace", "lesson", "runs"}:
        raise FileRefusedError("its description does not have the fields of a session")
    lesson = data["lesson"]
    if not isinstance(lesson, dict) or set(lesson) != {"step", "active"}:
        raise FileRefusedError("its lesson is not a step and whether it is open")
    step = whole_number(lesson["step"], 0, 999)
    if step is None:
        raise FileRefusedError(f"its lesson step {quoted(lesson['step'])} is impossible")
    if not isinstance(lesson["active"], bool):
        raise FileRefusedError("it does not say whether the lesson is open")
    items = data["runs"]
    if not isinstance(items, list) or len(items) > MAX_RUNS:
        raise FileRefusedError(f"its runs are not a list of at most {MAX_RUNS}")
    runs = tuple(_run(item, i) for i, item in enumerate(items))
    numbers = [run.number for run in runs]
    if numbers != sorted(set(numbers)):
        raise FileRefusedError("its runs are not numbered in order, each once")
    return SessionParts(_text_name(data["pace"], "pace"), runs, step, lesson["active"])


def _members(archive: zipfile.ZipFile, suffix: str) -> dict[str, zipfile.ZipInfo]:
    """The members by name, exactly ``MEMBERS``, whose declared sizes fit, one by one and
    together (checked before anything is inflated). A model file (``suffix`` not ours) is told
    so; a damaged session whose end is lost may show its stored model's entries instead."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise FileRefusedError("it contains duplicate entries")
    if "meta.npy" in names and suffix != SUFFIX:
        raise FileRefusedError("it is a model file, not a session (File > Open model… opens it)")
    if set(names) != set(MEMBERS):
        raise FileRefusedError(
            f"it does not hold exactly {' and '.join(MEMBERS)} (it holds "
            f"{', '.join(quoted(n) for n in names[:4]) or 'nothing'})"
        )
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise FileRefusedError("its entries declare more data than any session holds")
    return {info.filename: info for info in infos}


def read_session_file(path: str | os.PathLike[str]) -> Session:
    """The session in ``path``; FileRefusedError, zip or OS errors on failure (``load_session``
    turns them into one sentence)."""
    f, size = open_regular(path, MAX_SESSION_FILE_BYTES)
    with f, open_zip(f, size, max_members=MAX_MEMBERS) as archive:
        members = _members(archive, Path(path).suffix.lower())
        text = read_member(archive, members[SESSION_MEMBER], MAX_SESSION_CHARS)
        parts = parse_session_json(bytes(text))
        del text
        digits_text = read_member(archive, members[DIGITS_MEMBER], MAX_DIGITS_BYTES)
        try:
            digits = parse_digits(bytes(digits_text))
        except FileRefusedError as exc:
            raise FileRefusedError(f"its digits are damaged: {exc.reason.rstrip('.')}") from None
        model = read_member(archive, members[MODEL_MEMBER], MAX_MODEL_BYTES)
    try:
        net, _meta, stored = read_model_archive(io.BytesIO(model), len(model))
        design, metadata = check_trained(net, stored)
    except FileRefusedError as exc:
        raise FileRefusedError(f"its model is damaged: {exc.reason.rstrip('.')}") from None
    except Exception as exc:  # a nested zip that zipfile itself refuses, say
        raise FileRefusedError(f"its model is damaged ({type(exc).__name__})") from None
    net.metadata = {"design": design.to_dict(), **metadata}
    return Session(
        network=net,
        design=design,
        epochs_trained=metadata["epochs_trained"],
        history=tuple(metadata.get("history") or ()),
        pace=parts.pace,
        runs=parts.runs,
        lesson_step=parts.lesson_step,
        lesson_active=parts.lesson_active,
        digits=digits,
    )


def load_session(path: str | os.PathLike[str]) -> Session:
    """The session saved in ``path``. ``SessionFormatError`` (a ValueError, one sentence
    naming the file) for anything damaged, hostile or foreign; FileNotFoundError if there is
    no file."""
    try:
        return read_session_file(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"There is no session file at {os.fspath(path)}.") from None
    except Exception as exc:  # every failure of a hostile or damaged file is one refusal
        reason = refusal(path, exc).reason
        if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile | EOFError):
            reason = "it is not a valid session file (.neuronlab): not a session, or a damaged one"
        elif reason.startswith("it is not a valid zip archive (.npz)"):  # the zip reader's words
            reason = reason.replace("(.npz)", f"({SUFFIX})")
        elif not isinstance(exc, FileRefusedError | OSError | ModelFormatError):
            reason = f"it is damaged and cannot be read as a session ({type(exc).__name__})"
        raise SessionFormatError.about(path, reason) from None


def history_of(rows: Sequence[Any]) -> tuple[tuple[Any, ...], ...]:
    """EpochRow-like objects (or 5-number rows) as a session's history (NaN -> None)."""
    return tuple(tuple(row) for row in history_rows(rows))
