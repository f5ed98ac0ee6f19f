"""What a design offered to the controller does, decided without Qt."""

from dataclasses import replace

from engine import Design, HiddenLayer
from gui.training.adoption import Adoption, decide

OLD = Design()
NEW_SHAPE = replace(OLD, hidden=(HiddenLayer(8, "relu"),))


def run(new: Design, **kw) -> Adoption:
    args = {"loaded": False, "fresh": False, "training_at_stake": True, "confirm": None}
    return decide(OLD, new, **(args | kw))


def test_invalid_first_then_loaded_kept_reset() -> None:
    assert run(replace(OLD, epochs=0)) == Adoption.INVALID
    assert run(replace(OLD, epochs=0), loaded=True) == Adoption.INVALID
    assert run(NEW_SHAPE, loaded=True) == Adoption.LOADED
    assert run(replace(OLD, learning_rate=0.01)) == Adoption.KEPT
    assert run(replace(OLD, learning_rate=0.01), fresh=True) == Adoption.RESET
    assert run(NEW_SHAPE) == Adoption.RESET


def test_the_question_is_asked_only_when_training_would_be_lost() -> None:
    asked: list[bool] = []

    def no() -> bool:
        asked.append(True)
        return False

    assert run(replace(OLD, epochs=5), confirm=no) == Adoption.KEPT and not asked
    assert run(NEW_SHAPE, confirm=no, training_at_stake=False) == Adoption.RESET and not asked
    assert run(NEW_SHAPE, confirm=no) == Adoption.DECLINED and asked == [True]
