from dataclasses import fields
from pathlib import Path

import pytest

from graphbuild.settings import SETTINGS_HELP, Settings

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_every_setting_has_help_and_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for f in fields(Settings):
        assert f.name in SETTINGS_HELP, f"{f.name} has no help text"
        assert f"`NEWSGRAPH_{f.name.upper()}`" in text, f"{f.name} is missing from docs/settings.md"


def test_environment_is_read_and_typed() -> None:
    s = Settings.from_env({"NEWSGRAPH_PORT": "9001", "NEWSGRAPH_BASE_IRI": "https://news.example", "NEWSGRAPH_STORE": "/x"})
    assert s.port == 9001 and s.base_iri == "https://news.example/" and s.store == Path("/x")


def test_flags_override_the_environment_and_none_keeps_it() -> None:
    s = Settings.from_env({"NEWSGRAPH_PORT": "9001"}).with_overrides(port=None, host="0.0.0.0")
    assert s.port == 9001 and s.host == "0.0.0.0"


def test_a_malformed_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="NEWSGRAPH_PORT"):
        Settings.from_env({"NEWSGRAPH_PORT": "eighty"})


def test_booleans_read_from_the_environment() -> None:
    assert Settings.from_env({"NEWSGRAPH_ACCESS_LOG": "true"}).access_log is True
    assert Settings.from_env({"NEWSGRAPH_ACCESS_LOG": "0"}).access_log is False
    with pytest.raises(ValueError, match="NEWSGRAPH_ACCESS_LOG"):
        Settings.from_env({"NEWSGRAPH_ACCESS_LOG": "maybe"})
