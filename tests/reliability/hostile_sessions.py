"""Hostile session files, generated: each builder writes one into a folder and returns its path.

Every file here must be refused by ``engine.session_file.load_session`` with one
``SessionFormatError`` naming it. Three kinds: the container (special files, truncations, zip
bombs, members), the session's own JSON (every field), and every hostile *model* of
tests/reliability/hostile.py put inside an otherwise genuine session as its ``model.npz``.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import engine
from engine.own_digits import OwnDigits, new_digit
from engine.session_file import (
    DIGITS_MEMBER,
    MODEL_MEMBER,
    SESSION_MEMBER,
    SavedRun,
    Session,
    save_session,
)
from tests.reliability import hostile
from tests.reliability.hostile import DESIGN, HISTORY, HTML, HUGE

#: The hostile models that are not plain files (they cannot be a zip member).
NOT_MEMBERS = ("fifo", "symlink to /dev/zero", "directory")


def save_real(path: Path) -> Path:
    """A genuine session: a trained-model member, one earlier run, a lesson step, a pace."""
    curve = np.array([[1, 1.5, 1.6, 0.4, 0.35], [2, 0.9, 1.0, 0.7, 0.65]])
    run = SavedRun(1, DESIGN, curve, "completed", 2.5, np.array([[0.5, 2.0], [1.5, 1.0]]))
    session = Session(
        network=engine.build_network(DESIGN),
        design=DESIGN,
        epochs_trained=2,
        history=tuple(HISTORY),
        pace="class",
        runs=(run,),
        lesson_step=2,
        digits=OwnDigits((new_digit(np.full((8, 8), 5), 7, "1" * 32),)),
    )
    return save_session(path, session)


def members_of(real: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(real) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def rewrite(
    folder: Path,
    name: str,
    edit: Callable[[dict[str, Any]], Any] | None = None,
    text: Callable[[str], str] | None = None,
    members: Callable[[dict[str, bytes]], Any] | None = None,
) -> Path:
    """A copy of the genuine session with its JSON (``edit`` the object, or ``text``) or its
    members edited."""
    parts = members_of(save_real(folder / f".real-{name}"))
    data = json.loads(parts[SESSION_MEMBER])
    if edit is not None:
        edit(data)
    body = json.dumps(data)
    if text is not None:
        body = text(body)
    parts[SESSION_MEMBER] = body.encode("utf-8")
    if members is not None:
        members(parts)
    return write_zip(folder / name, parts)


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        *parents, last = key.split(".")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return edit


def _with_model(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """A genuine session whose model member is the hostile model ``build`` writes."""

    def make(folder: Path) -> Path:
        model = build(folder)
        name = f"model-{model.name}.neuronlab"
        return rewrite(folder, name, members=lambda m: m.update({MODEL_MEMBER: model.read_bytes()}))

    return make


def _raw(name: str, make: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make(folder))
        return path

    return build


def _bomb(megabytes: int, declared: int | None = None) -> Callable[[Path], bytes]:
    """A genuine model beside a ``session.json`` that inflates to ``megabytes`` MB of zeros
    and declares ``declared`` bytes (its true size if None): raw bytes, built cheaply."""

    def make(folder: Path) -> bytes:
        model = members_of(save_real(folder / f".real-bomb-{megabytes}-{declared}"))[MODEL_MEMBER]
        stream, crc, size = hostile._deflated_zeros(megabytes)
        return hostile._raw_zip(
            [
                (MODEL_MEMBER.encode(), model, 0, zlib.crc32(model), len(model)),
                (SESSION_MEMBER.encode(), stream, 8, crc, size if declared is None else declared),
            ]
        )

    return make


def _cut(name: str, cut: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    return _raw(name, lambda folder: cut(save_real(folder / f".real-{name}").read_bytes()))


def _special(name: str, make: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        make(path)
        return path

    return build


def _digits(label: Any, pixel: int = 0) -> bytes:
    """A digits file with one drawing whose label and first pixel are as given."""
    item = {"id": "0" * 32, "label": label, "pixels": [pixel] + [0] * 63}
    return json.dumps({"format": "neuron-lab-digits", "version": 1, "digits": [item]}).encode()


BUILDERS: dict[str, Callable[[Path], Path]] = {
    # the container
    "fifo": _special("fifo.neuronlab", lambda p: os.mkfifo(p)),
    "symlink to /dev/zero": _special("zero.neuronlab", lambda p: p.symlink_to("/dev/zero")),
    "directory": _special("folder.neuronlab", lambda p: p.mkdir()),
    "empty file": _special("empty.neuronlab", lambda p: p.write_bytes(b"")),
    "html text file": _special("page.neuronlab", lambda p: p.write_text(HTML * 50)),
    "truncated to half": _cut("half.neuronlab", lambda b: b[: len(b) // 2]),
    "truncated end record": _cut("no-end.neuronlab", lambda b: b[:-30]),
    "first 100 bytes": _cut("head.neuronlab", lambda b: b[:100]),
    "zip bomb by declared size": _raw("declared.neuronlab", _bomb(1, 0xFFFFFFF0)),
    "zip bomb by deflate ratio": _raw("ratio.neuronlab", _bomb(32)),
    "deflate bomb declaring 4 KB": _raw("lying.neuronlab", _bomb(32, 4096)),
    "100k members": _raw("many.neuronlab", lambda d: hostile.many_members(d).read_bytes()),
    "extra member": lambda d: rewrite(d, "extra.neuronlab", members=lambda m: m.update(x=b"1")),
    "missing model": lambda d: rewrite(
        d, "nomodel.neuronlab", members=lambda m: m.pop(MODEL_MEMBER)
    ),
    "a model file": lambda d: hostile.save_real(d / "model.neuronlab"),
    # the session's JSON
    "JSON not JSON": lambda d: rewrite(d, "notjson.neuronlab", text=lambda t: t[:-2]),
    "deep JSON": lambda d: rewrite(
        d, "deep.neuronlab", text=lambda t: t[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ),
    "NaN seconds": lambda d: rewrite(
        d, "nan.neuronlab", text=lambda t: t.replace('"seconds": 2.5', '"seconds": NaN')
    ),
    "seconds 1e400": lambda d: rewrite(
        d, "inf.neuronlab", text=lambda t: t.replace('"seconds": 2.5', '"seconds": 1e400')
    ),
    "huge version": lambda d: rewrite(
        d, "v.neuronlab", text=lambda t: t.replace('"version": 1', f'"version": {HUGE}')
    ),
    "future version": lambda d: rewrite(d, "v2.neuronlab", _set("version", 2)),
    "another format": lambda d: rewrite(d, "fmt.neuronlab", _set("format", "neuron-lab-model")),
    "unknown field": lambda d: rewrite(d, "field.neuronlab", _set("script", HTML)),
    "pace HTML": lambda d: rewrite(d, "pace.neuronlab", _set("pace", HTML)),
    "pace a number": lambda d: rewrite(d, "pace-n.neuronlab", _set("pace", 3)),
    "lesson step huge": lambda d: rewrite(d, "step.neuronlab", _set("lesson.step", 10**400)),
    "lesson step -1": lambda d: rewrite(d, "step-1.neuronlab", _set("lesson.step", -1)),
    "lesson active 'yes'": lambda d: rewrite(d, "active.neuronlab", _set("lesson.active", "yes")),
    "runs not a list": lambda d: rewrite(d, "runs.neuronlab", _set("runs", {"1": 2})),
    "201 runs": lambda d: rewrite(
        d, "many-runs.neuronlab", lambda data: data["runs"].extend(data["runs"] * 200)
    ),
    "two runs numbered 1": lambda d: rewrite(
        d, "twice.neuronlab", lambda data: data["runs"].append(data["runs"][0])
    ),
    "run number 0": lambda d: rewrite(d, "run0.neuronlab", _set("runs.0.number", 0)),
    "run number true": lambda d: rewrite(d, "run-t.neuronlab", _set("runs.0.number", True)),
    "run design invalid": lambda d: rewrite(
        d, "rd.neuronlab", _set("runs.0.design.hidden.0.nodes", 10**6)
    ),
    "run design HTML activation": lambda d: rewrite(
        d, "rda.neuronlab", _set("runs.0.design.hidden.0.activation", HTML)
    ),
    "run ended HTML": lambda d: rewrite(d, "ended.neuronlab", _set("runs.0.ended", HTML)),
    "run seconds negative": lambda d: rewrite(d, "sec.neuronlab", _set("runs.0.seconds", -1)),
    "run shown 1": lambda d: rewrite(d, "shown.neuronlab", _set("runs.0.shown", 1)),
    "run missing curve": lambda d: rewrite(
        d, "nocurve.neuronlab", lambda data: data["runs"][0].pop("curve")
    ),
    "run curve of text": lambda d: rewrite(d, "ctext.neuronlab", _set("runs.0.curve", ["a"] * 5)),
    "run curve 7 numbers": lambda d: rewrite(d, "c7.neuronlab", _set("runs.0.curve", [1] * 7)),
    "run curve epochs back": lambda d: rewrite(
        d, "cback.neuronlab", _set("runs.0.curve", [2, 1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0.5])
    ),
    "run curve accuracy 7": lambda d: rewrite(
        d, "cacc.neuronlab", _set("runs.0.curve", [1, 1, 1, 7, 0.5])
    ),
    "run trace odd": lambda d: rewrite(d, "todd.neuronlab", _set("runs.0.trace", [1, 2, 3])),
    "run trace negative loss": lambda d: rewrite(
        d, "tneg.neuronlab", _set("runs.0.trace", [0.5, -1])
    ),
    "run trace 5000 points": lambda d: rewrite(
        d, "tlong.neuronlab", _set("runs.0.trace", [0.5, 1.0] * 5000)
    ),
    # the class's digits
    "digits not JSON": lambda d: rewrite(
        d, "dj.neuronlab", members=lambda m: m.update({DIGITS_MEMBER: b"{[" * 10})
    ),
    "digits of a model": lambda d: rewrite(
        d, "dm.neuronlab", members=lambda m: m.update({DIGITS_MEMBER: m[MODEL_MEMBER]})
    ),
    "digit label HTML": lambda d: rewrite(
        d, "dl.neuronlab", members=lambda m: m.update({DIGITS_MEMBER: _digits(HTML)})
    ),
    "digit pixel 17": lambda d: rewrite(
        d, "dp.neuronlab", members=lambda m: m.update({DIGITS_MEMBER: _digits(3, 17)})
    ),
}
# every hostile model, as the session's model
for _name, _build in hostile.BUILDERS.items():
    if _name not in NOT_MEMBERS:
        BUILDERS[f"model: {_name}"] = _with_model(_build)

if sys.platform == "win32":  # no FIFOs or /dev/zero there
    del BUILDERS["fifo"], BUILDERS["symlink to /dev/zero"]


def build_all(folder: Path) -> dict[str, Path]:
    """Every hostile session, written into ``folder``."""
    return {name: build(folder) for name, build in BUILDERS.items()}
