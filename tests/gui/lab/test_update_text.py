"""The update written out (gui/lab/update_text.py): every number is the record's own."""

from __future__ import annotations

import numpy as np
import pytest

from engine import BatchResult, Network, Trainer, make_optimizer
from gui.lab.update_text import fmt, term, update_text, weight_name

rng = np.random.default_rng(0)
X, y = rng.random((24, 64)), rng.integers(0, 10, 24)


def record_for(name: str, lr: float, **options):
    net = Network([64, 6, 10], ["tanh", "softmax"], "categorical_crossentropy", seed=2)
    trainer = Trainer(net, make_optimizer(name, lr, **options), batch_size=8, epochs=1, seed=1)
    events = trainer.steps(X, y)
    next(events)
    trainer.record_update = True
    event = next(events)
    assert isinstance(event, BatchResult)
    return event.update


def test_numbers_read_like_the_lesson():
    assert fmt(0.04372) == "0.0437"
    assert fmt(-0.025) == "−0.0250"
    assert fmt(0.00123) == "0.00123"
    assert fmt(2.5e-6) == "2.5e−06"
    assert fmt(0.0) == "0"
    assert term(-0.5) == "(−0.5000)" and term(0.5) == "0.5000"


def test_sgd_line_is_w_minus_alpha_dw_with_the_records_numbers():
    rec = record_for("sgd", 0.1)
    w = rec.weight(0, 20, 3)
    text = update_text(rec, 0, 20, 3)
    assert text.formulas == (
        ("w := w − α·dw", f"{fmt(w.w_after)} := {fmt(w.w_before)} − 0.1 × {term(w.dw)}"),
    )
    assert text.note == f"The step is −α·dw = {fmt(w.step)}."


def test_l2_shows_the_gradient_the_optimizer_used():
    rec = record_for("sgd", 0.1, l2=0.01)
    w = rec.weight(1, 2, 5)
    (g_line, w_line) = update_text(rec, 1, 2, 5).formulas
    g = w.dw + 0.01 * w.w_before
    assert g_line[1].startswith(f"{fmt(g)} = {fmt(w.dw)} + 0.01 × ")
    assert w_line == ("w := w − α·g", f"{fmt(w.w_after)} := {fmt(w.w_before)} − 0.1 × {term(g)}")
    assert w.step == pytest.approx(-0.1 * g, abs=1e-15)


def test_rmsprop_and_nesterov_lines_carry_their_state():
    rec = record_for("rmsprop", 0.001, rho=0.9)
    s0, s1 = rec.buffer_at("s", 0, 9, 1)
    w = rec.weight(0, 9, 1)
    (s_line, w_line) = update_text(rec, 0, 9, 1).formulas
    assert s_line == (
        "s := ρ·s + (1 − ρ)·dw²",
        f"{fmt(s1)} := 0.9 × {term(s0)} + 0.1 × {term(w.dw)}²",
    )
    assert w_line[1].endswith(f"/ (√{fmt(s1)} + 1e−07)")
    text = update_text(rec, 0, 9, 1)
    assert "RMSprop stepped" in text.note
    rec = record_for("momentum", 0.01, momentum=0.9, nesterov=True)
    _, v = rec.buffer_at("velocity", 1, 0, 0)
    w = rec.weight(1, 0, 0)
    lines = update_text(rec, 1, 0, 0).formulas
    assert [sym for sym, _ in lines] == ["v := μ·v − α·dw", "w := w + μ·v − α·dw"]
    assert w.step == pytest.approx(0.9 * v - 0.01 * w.dw, abs=1e-15)


def test_weight_names_say_where_the_weight_runs():
    sizes = (64, 6, 10)
    assert weight_name(sizes, 0, 27, 2) == "W1[27, 2]: pixel (row 4, col 4) → node 3"
    assert weight_name(sizes, 1, 5, 9) == "W2[5, 9]: hidden node 6 of layer 1 → output 10"
