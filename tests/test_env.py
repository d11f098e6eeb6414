import pytest
from django.core.exceptions import ImproperlyConfigured

from gnu_plan.env import env_bool, env_choice, env_int, env_list, env_str


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False


def test_env_bool_falls_back_to_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", default=False) is False


def test_env_bool_refuses_a_value_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", default=False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " gnu.example.se, ,127.0.0.1 ")
    assert env_list("HOSTS", default=[]) == ["gnu.example.se", "127.0.0.1"]


def test_env_str_treats_empty_as_unset(monkeypatch):
    monkeypatch.setenv("NAME", "")
    assert env_str("NAME", default="fallback") == "fallback"


def test_env_choice_reads_one_of_its_choices_in_any_case(monkeypatch):
    monkeypatch.setenv("KIND", " Database ")
    assert env_choice("KIND", {"memory", "database"}, default="memory") == "database"
    monkeypatch.setenv("KIND", "")
    assert env_choice("KIND", {"memory", "database"}, default="memory") == "memory"


def test_env_choice_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("KIND", "redis")
    with pytest.raises(ImproperlyConfigured, match="KIND must be one of"):
        env_choice("KIND", {"memory", "database"}, default="memory")


def test_env_int_reads_a_whole_number_and_falls_back_when_unset(monkeypatch):
    monkeypatch.setenv("SECONDS", " 3600 ")
    assert env_int("SECONDS", default=0) == 3600
    monkeypatch.delenv("SECONDS")
    assert env_int("SECONDS", default=7) == 7


def test_env_int_refuses_a_value_it_cannot_read(monkeypatch):
    monkeypatch.setenv("SECONDS", "1 year")
    with pytest.raises(ImproperlyConfigured, match="SECONDS must be a whole number"):
        env_int("SECONDS", default=0)
