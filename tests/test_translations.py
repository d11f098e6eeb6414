"""The Swedish catalogue is complete, and the compiled one matches it."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _untranslated(po_text: str) -> list[str]:
    """msgids whose translation is empty or marked fuzzy (the header entry excepted)."""
    problems = []
    for block in po_text.split("\n\n")[1:]:
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        translations, current = [], None
        for line in block.splitlines():
            if line.startswith("msgstr"):
                current = line.split(" ", 1)[1].strip('"')
                translations.append(current)
            elif line.startswith('"') and translations:
                translations[-1] += line.strip('"')
        if "#, fuzzy" in block or not translations or not all(translations):
            problems.append(block)
    return problems


def test_every_message_has_a_swedish_translation():
    assert _untranslated(CATALOGUE.read_text(encoding="utf-8")) == []


def test_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE)], check=True)
    shipped = CATALOGUE.with_suffix(".mo").read_bytes()
    assert compiled.read_bytes() == shipped, "run `make messages` and commit django.mo"


def test_interface_is_swedish_by_default():
    with translation.override("sv"):
        assert translation.gettext("Log in") == "Logga in"
