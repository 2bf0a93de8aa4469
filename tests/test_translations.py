"""Every marked string is in messages.pot, and every language translates every one."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ky", "ru", "hy", "en")


def _ids(path):
    with open(path, "rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_pot_is_in_step_with_the_code(tmp_path):
    out = tmp_path / "fresh.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
         "--no-location", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    fresh, kept = _ids(out), _ids(ROOT / "translations" / "messages.pot")
    assert fresh - kept == set(), "strings missing from messages.pot: run `make translations`"
    assert kept - fresh == set(), "messages.pot has strings the code no longer uses: run `make translations`"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    pot = _ids(ROOT / "translations" / "messages.pot")
    messages = [m for m in catalog if m.id]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
    assert pot <= ids, f"{lang}: not merged from messages.pot: {sorted(pot - ids)[:5]}"
    empty = [m.id for m in messages if not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not empty, f"{lang}: {len(empty)} untranslated, e.g. {empty[:5]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("lang", ("ky", "ru", "hy"))
def test_placeholders_survive_translation(lang):
    """A translation keeps every %(name)s of its original (else formatting fails at run time)."""
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    bad = []
    for m in catalog:
        if not m.id:
            continue
        original = m.id if isinstance(m.id, str) else m.id[-1]
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        want = set(pattern.findall(original)) - {"num"}
        for s in strings:
            if s and want - set(pattern.findall(s)):
                bad.append(m.id)
    assert not bad, f"{lang}: placeholders lost in {bad[:5]}"
