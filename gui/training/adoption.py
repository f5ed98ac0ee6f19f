"""What became of a design offered to the controller (``TrainingController.adopt``).

Whether a design keeps the weights is the engine's rule (``engine.needs_new_network``: the
data or the architecture changed); this module names the outcomes the window acts on.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import engine
from engine import Design, needs_new_network

__all__ = ["Adoption", "decide", "needs_new_network"]


class Adoption(enum.StrEnum):
    """What ``TrainingController.adopt`` did with a design."""

    INVALID = "invalid"  # not valid: nothing changed but the status
    DECLINED = "declined"  # would have lost training and the user said no: nothing changed
    KEPT = "kept"  # adopted; the weights were kept
    RESET = "reset"  # adopted with fresh weights
    LOADED = "loaded"  # adopted with the network that came with it


def decide(
    old: Design,
    new: Design,
    *,
    loaded: bool,
    fresh: bool,
    training_at_stake: bool,
    confirm: Callable[[], bool] | None,
) -> Adoption:
    """What adopting ``new`` in place of ``old`` does (the controller then does it).

    ``loaded``: ``new`` came with its own network (an opened model), which is adopted as it
    is. Otherwise the weights are kept unless ``fresh`` or ``needs_new_network``; when that
    would lose training (``training_at_stake``), ``confirm()`` is asked first (no ``confirm``:
    no question) and a no declines the design.
    """
    if engine.validate_design(new):
        return Adoption.INVALID
    if loaded:
        return Adoption.LOADED
    if not fresh and not needs_new_network(old, new):
        return Adoption.KEPT
    if confirm is not None and training_at_stake and not confirm():
        return Adoption.DECLINED
    return Adoption.RESET
