import pytest

from pos.settings import MachineSettings, config_file


def test_machine_settings_round_trip_and_defaults(tmp_path):
    settings = MachineSettings.load()
    assert settings["till_id"] == "K1" and settings["paper_width"] == 58
    settings.set("till_id", "K2")
    settings.set("paper_width", "80")
    settings.set("printer_url", 'tcp://192.0.2.5:9100 "x"')
    settings.save()
    again = MachineSettings.load()
    assert again["till_id"] == "K2" and again["paper_width"] == 80
    assert again["printer_url"] == 'tcp://192.0.2.5:9100 "x"'
    assert config_file().is_file()


@pytest.mark.parametrize("key,value", [("paper_width", "57"), ("till_id", "kasir satu"), ("language", "fr")])
def test_a_bad_machine_setting_is_refused_and_nothing_changes(key, value):
    settings = MachineSettings.load()
    before = dict(settings.values)
    with pytest.raises(ValueError):
        settings.set(key, value)
    assert settings.values == before


def test_a_damaged_settings_file_gives_defaults(tmp_path):
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("till_id = [unclosed", encoding="utf-8")
    assert MachineSettings.load()["till_id"] == "K1"
