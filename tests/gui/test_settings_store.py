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
    assert store.reset_keys() == ("design/json",)
    assert store.reset_message() == (
        "Some settings could not be read and were reset to their defaults: the network design."
    )


def test_nothing_is_reported_for_missing_or_good_values():
    store = SettingsStore()
    store.save_int("training/speed", 3)
    assert store.load_int("training/speed", 5, 0, 5) == 3
    assert store.load_design() == Design() and store.load_roster() == ()
    assert store.reset_keys() == () and store.reset_message() is None


def test_a_bad_value_is_reported_once_and_removed(isolated_settings):
    store = SettingsStore()
    store.save_int("training/speed", 42)
    store.save_bool("view/log_scale", True)
    store._settings.setValue("view/batch_trace", "sometimes")
    assert store.load_int("training/speed", 3, 0, 5) == 3
    assert store.load_bool("view/batch_trace", True) is True
    assert store.reset_keys() == ("training/speed", "view/batch_trace")
    store.sync()
    again = SettingsStore()
    assert again.load_int("training/speed", 3, 0, 5) == 3 and again.reset_keys() == ()
    assert again.load_bool("view/log_scale", False) is True  # good values are kept


def test_an_unreadable_file_is_set_aside(isolated_settings):
    isolated_settings.mkdir()
    store = SettingsStore()
    assert store.reset_keys() == ("file",)
    assert store.load_design() == Design()
    assert (isolated_settings.parent / (isolated_settings.name + ".unreadable")).is_dir()
    store.save_int("training/speed", 2)
    store.sync()
    assert SettingsStore().load_int("training/speed", 5, 0, 5) == 2


def test_the_roster_is_cleaned_when_saved_and_loaded():
    store = SettingsStore()
    store.save_roster(("Ann", " Bo\x07b ", "", "x" * 500))
    assert store.load_roster() == ("Ann", "Bo b", "x" * 60)
    assert store.reset_keys() == ()


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
