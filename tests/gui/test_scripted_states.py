"""``--state``: each scripted state leaves the window as its picture claims, checked against
the controller and the engine; a state that cannot be done is refused before the window opens."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from gui.scripted_states import SEVEN, STEPS, StateScript, parse_states
from tests.app_process import run_offscreen


def run(qtbot, window, *specs: str, timeout: int = 30_000) -> StateScript:
    script = StateScript(window, parse_states(list(specs)))
    with qtbot.waitSignal(script.ready, timeout=timeout):
        script.start()
    return script


@pytest.mark.parametrize(
    "spec", ["nope", "lesson:0", "lesson:14", "update:nadam", "compare:nope", "trained:x"]
)
def test_a_state_that_cannot_be_done_is_refused_with_its_name(spec):
    with pytest.raises(ValueError, match="state"):
        parse_states([spec])


def test_update_takes_three_sgd_steps_with_the_update_view_in_front(qtbot, main_window):
    script = run(qtbot, main_window, "update")
    c = main_window.controller
    assert c.state == "paused" and c.last_update().step_number == STEPS
    assert main_window.tabs.currentWidget() is main_window.update_view
    assert script.target() is main_window
    w_before, dw, _step, w_after = main_window.last_update(0, 59, 27)
    assert w_after == pytest.approx(w_before - 0.1 * dw, abs=1e-12)
    assert main_window.current_network().weights[0][59, 27] == w_after


def test_trained_runs_to_the_end_and_drawn_paints_a_seven_the_lab_scores(qtbot, main_window):
    run(qtbot, main_window, "trained:2", "drawn")
    assert main_window.controller.epochs_done == 2
    assert len(main_window.runs.log.records) == 1
    pixels = main_window.lab.digitCanvas.pixels()
    assert pixels[1, 2:6].min() > 0  # the bar
    assert pixels[6, 3] > 0 and pixels[0, 0] == 0 and pixels[7, 7] == 0  # the stroke down
    assert len(SEVEN) == 2
    net = main_window.current_network()
    x = main_window.lab.current_input()
    proba = net.predict_proba(x).ravel()
    shown = main_window.lab.forward_pass().a[-1].ravel()
    assert shown == pytest.approx(proba)


def test_lesson_and_grab_name_the_step_and_the_widget_to_save(qtbot, main_window):
    script = run(qtbot, main_window, "lesson:8", "grab:digitLab")
    assert main_window.lesson.is_active() and main_window.lesson.step_index() == 7
    assert script.target() is main_window.lab


def test_code_state_saves_the_dialog_not_the_window(tmp_path):
    png = tmp_path / "code.png"
    result = run_offscreen(
        ["main.py", "--size", "1024x768", "--state", "code", "--screenshot", str(png)],
        tmp_path / "s.ini",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (900, 640)  # the dialog, not the 1024x768 window
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32)[: 900 * 640]
    assert len(np.unique(pixels)) > 10  # text on it, not a blank grab


def test_a_bad_state_on_the_command_line_exits_2_naming_it(tmp_path):
    result = run_offscreen(["main.py", "--state", "lesson:99"], tmp_path / "s.ini", timeout=60)
    assert result.returncode == 2 and "lesson:99" in result.stderr
