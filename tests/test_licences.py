"""The lesson material's licence file holds the official CC BY 4.0 legal code, whole."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LICENCE = ROOT / "LICENSE-lessons.md"
#: SHA-256 of `docroot/legalcode/by_4.0.txt` in creativecommons/creativecommons.org (blob
#: da6ab6cc8f333d7e89a99812866df8f24374d47c), the plain-text legal code Creative Commons
#: publishes. A fingerprint of an outside text, so that an edit to the licence shows.
OFFICIAL_SHA256 = "9ba9550ad48438d0836ddab3da480b3b69ffa0aac7b7878b5a0039e7ab429411"


def _legal_code() -> str:
    text = LICENCE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```text\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 1, "LICENSE-lessons.md should hold the legal code in one text block"
    return blocks[0]


def test_the_legal_code_is_the_official_text_unchanged() -> None:
    assert hashlib.sha256(_legal_code().encode("utf-8")).hexdigest() == OFFICIAL_SHA256


def test_every_section_of_the_legal_code_is_there_in_order() -> None:
    found = re.findall(r"^Section (\d) -- ", _legal_code(), flags=re.MULTILINE)
    assert found == [str(n) for n in range(1, 9)]


def test_readme_points_to_the_licence_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "LICENSE-lessons.md" in readme and "`LICENSE`" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in LICENCE.read_text(encoding="utf-8")
