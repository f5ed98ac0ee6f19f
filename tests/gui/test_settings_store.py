"""Settings: redirected by the environment, validated on load, corrupt files give defaults."""

from dataclasses import replace

from PySide6.QtCore import QByteArray

from engine import Design, HiddenLayer
from gui.settings_store import SettingsStore


def test_the_environment_variable_chooses_the_file(isolated_settings):
    store = SettingsStore()
    assert store.path == str(isolated_settings)


def test_design_round_trip(isolated_settings):
    design = replace(
        Design(), hidden=(HiddenLayer(16, "tanh"), HiddenLayer(8, "sigmoid")), learning_rate=0.001
    )
    SettingsStore().save_design(design)
    SettingsStore().sync()
    assert SettingsStore().load_design() == design


def test_missing_design_gives_default():
    assert SettingsStore().load_design() == Design()


def test_corrupt_file_falls_back_to_defaults(isolated_settings):
    isolated_settings.write_bytes(b'[design]\njson="{not json\n\x00\xff garbage\n[window\n')
    store = SettingsStore()
    assert store.load_design() == Design()
    assert store.load_int("training/speed", 5, 0, 5) == 5
    assert store.load_bytes("window/geometry") is None


def test_invalid_design_falls_back_to_default():
    store = SettingsStore()
    bad = replace(Design(), hidden=(HiddenLayer(9999, "relu"),))
    store.save_design(bad)
    assert store.load_design() == Design()


def test_ints_out_of_range_and_bools(isolated_settings):
    store = SettingsStore()
    store.save_int("training/speed", 42)
    assert store.load_int("training/speed", 3, 0, 5) == 3
    store.save_bool("view/log_scale", True)
    assert SettingsStore().load_bool("view/log_scale", False) is True
    store.save_bytes("window/geometry", QByteArray(b"abc"))
    assert bytes(SettingsStore().load_bytes("window/geometry")) == b"abc"
