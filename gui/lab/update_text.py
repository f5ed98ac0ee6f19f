"""The update of one weight written out with its numbers, as the lesson writes it (no Qt).

    sgd       w := w − α·dw                       0.0412 := 0.0437 − 0.1 × 0.0250
    momentum  v := μ·v − α·dw,  w := w + v
    rmsprop   s := ρ·s + (1 − ρ)·dw²,  w := w − α·dw / (√s + ε)
    adam      m := β1·m + (1 − β1)·dw,  v := β2·v + (1 − β2)·dw²,
              α_t = α·√(1 − β2^t) / (1 − β1^t),  w := w − α_t·m / (√v + ε)

With an L2 penalty λ the optimizer sees g = dw + λ·w instead of dw (a line says so). Every
number comes from an ``UpdateRecord`` (engine/updates.py): the weight before and after, dw,
and the optimizer's state before and after the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.updates import UpdateRecord

MINUS = "\u2212"


def fmt(x: float) -> str:
    """A number for the board: 4 decimals from 0.01 up, 3 significant digits below, with a
    real minus sign (0.0437, −0.0250, 0.00123, 2.5e−06)."""
    a = abs(x)
    if a == 0.0:
        text = "0"
    elif 0.01 <= a < 1e4:
        text = f"{x:.4f}"
    else:
        text = f"{x:.3g}"
    return text.replace("-", MINUS)


def term(x: float) -> str:
    """A number as a factor: in parentheses when negative, so × (−0.0124) and (−0.08)²."""
    text = fmt(x)
    return f"({text})" if text.startswith(MINUS) else text


def setting(x: float) -> str:
    """A setting such as α or β1 as it was typed (0.1, 0.999, 1e−07)."""
    return f"{x:g}".replace("-", MINUS)


@dataclass(frozen=True)
class UpdateText:
    """The formula lines (symbols, then numbers) and one sentence comparing the step with α·dw."""

    formulas: tuple[tuple[str, str], ...]
    note: str


def weight_name(sizes: tuple[int, ...], layer: int, i: int, j: int) -> str:
    """Which weight this is, in the class's words: W1[i, j] from pixel (row, col) to node j."""
    name = f"W{layer + 1}[{i}, {j}]"
    n_layers = len(sizes) - 1
    to = f"output {j + 1}" if layer == n_layers - 1 else f"node {j + 1}"
    if layer == 0:
        if sizes[0] == 64:
            return f"{name}: pixel (row {i // 8 + 1}, col {i % 8 + 1}) → {to}"
        return f"{name}: input {i + 1} → {to}"
    return f"{name}: hidden node {i + 1} of layer {layer} → {to}"


def update_text(record: UpdateRecord, layer: int, i: int, j: int) -> UpdateText:
    """The lines that explain how W_layer[i, j] moved in ``record``'s update."""
    w = record.weight(layer, i, j)
    st = record.state_after
    s = st.settings
    alpha, l2 = s["learning_rate"], s.get("l2", 0.0)
    lines: list[tuple[str, str]] = []
    g_sym = "dw"
    g = w.dw
    if l2:
        g = w.dw + l2 * w.w_before
        lines.append(
            ("g = dw + λ·w", f"{fmt(g)} = {fmt(w.dw)} + {setting(l2)} × {term(w.w_before)}")
        )
        g_sym = "g"
    before, after, step = fmt(w.w_before), fmt(w.w_after), w.step
    name = st.name
    if name == "momentum":
        mu = s["momentum"]
        v0, v = record.buffer_at("velocity", layer, i, j)
        lines.append(
            (
                f"v := μ·v − α·{g_sym}",
                f"{fmt(v)} := {setting(mu)} × {term(v0)} − {setting(alpha)} × {term(g)}",
            )
        )
        if s.get("nesterov"):
            lines.append(
                (
                    f"w := w + μ·v − α·{g_sym}",
                    f"{after} := {before} + {setting(mu)} × {term(v)} "
                    f"− {setting(alpha)} × {term(g)}",
                )
            )
        else:
            lines.append(("w := w + v", f"{after} := {before} + {term(v)}"))
    elif name == "rmsprop":
        rho, eps = s["rho"], s["epsilon"]
        s0, s1 = record.buffer_at("s", layer, i, j)
        lines.append(
            (
                f"s := ρ·s + (1 − ρ)·{g_sym}²",
                f"{fmt(s1)} := {setting(rho)} × {term(s0)} + {setting(1 - rho)} × {term(g)}²",
            )
        )
        lines.append(
            (
                f"w := w − α·{g_sym} / (√s + ε)",
                f"{after} := {before} − {setting(alpha)} × {term(g)} "
                f"/ (√{fmt(s1)} + {setting(eps)})",
            )
        )
    elif name == "adam":
        b1, b2, eps, t = s["beta1"], s["beta2"], s["epsilon"], st.t
        m0, m = record.buffer_at("m", layer, i, j)
        v0, v = record.buffer_at("v", layer, i, j)
        alpha_t = alpha * (1 - b2**t) ** 0.5 / (1 - b1**t)
        lines += [
            (
                f"m := β1·m + (1 − β1)·{g_sym}",
                f"{fmt(m)} := {setting(b1)} × {term(m0)} + {setting(1 - b1)} × {term(g)}",
            ),
            (
                f"v := β2·v + (1 − β2)·{g_sym}²",
                f"{fmt(v)} := {setting(b2)} × {term(v0)} "
                f"+ {setting(round(1 - b2, 12))} × {term(g)}²",
            ),
            (
                "α_t = α·√(1 − β2^t) / (1 − β1^t)",
                f"{fmt(alpha_t)} = {setting(alpha)} × √(1 − {setting(b2)}^{t}) / "
                f"(1 − {setting(b1)}^{t})",
            ),
            (
                "w := w − α_t·m / (√v + ε)",
                f"{after} := {before} − {fmt(alpha_t)} × {term(m)} / (√{fmt(v)} + {setting(eps)})",
            ),
        ]
    else:  # plain SGD: the lesson's formula
        lines.append((f"w := w − α·{g_sym}", f"{after} := {before} − {setting(alpha)} × {term(g)}"))
    plain = -alpha * g
    if name == "sgd":
        note = f"The step is −α·{g_sym} = {fmt(step)}."
    else:
        label = {"momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}[name]
        note = f"−α·{g_sym} would be {fmt(plain)}; {label} stepped {fmt(step)}"
        if plain != 0 and step != 0:
            note += f" ({abs(step / plain):.3g}× as far)."
        else:
            note += "."
    return UpdateText(tuple(lines), note)
