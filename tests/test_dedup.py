"""Near-duplicates: re-edited copies and teasers link; different stories on one topic do not."""
from __future__ import annotations

import json
import subprocess
import sys

from ingest.dedup import NearDuplicateIndex, link_documents, shingles

STORY = (
    "The city council of Lakeside voted on Tuesday to close the old ferry terminal by the end of next year, "
    "ending more than a century of passenger service across the bay. Council members said the pier had become "
    "too expensive to maintain after last winter's storms damaged its pilings and flooded the waiting hall. "
    "Residents of the northern shore, who rely on the ferry to reach jobs in the city centre, packed the public "
    "gallery and warned that the detour by road adds almost an hour to each trip. The mayor promised a new bus "
    "line and a study of a smaller landing stage, but did not say how either would be paid for. A final decision "
    "on the budget is expected in March, when the regional transport authority presents its spending plan."
)
REEDITED = (
    "Lakeside's city council voted on Tuesday to close the old ferry terminal by the end of next year, "
    "ending more than a century of passenger service across the bay. Council members said the pier had become "
    "far too costly to maintain after last winter's storms damaged its pilings and flooded the waiting hall. "
    "Residents of the northern shore, who depend on the ferry to reach jobs in the city centre, filled the public "
    "gallery and warned that the detour by road adds almost an hour to each trip. The mayor promised a new bus "
    "line and a study of a smaller landing stage, but did not say how either would be paid for."
)
TEASER = STORY[:420].rsplit(".", 1)[0] + "."
OTHER_FERRY_STORY = (
    "A new electric ferry entered service on the northern route on Monday, the regional transport authority "
    "announced, cutting the crossing time to twenty minutes and replacing a diesel vessel built in the 1980s. "
    "The authority said the battery-powered boat charges at each landing during the five-minute stop and will "
    "save about four hundred tonnes of fuel a year. Commuters interviewed at the landing welcomed the quieter "
    "ride, though some complained that the timetable still ends before the last trains arrive from the capital."
)


def test_reedited_copy_is_a_near_duplicate():
    idx = NearDuplicateIndex()
    assert idx.add("a", STORY) == []
    found = idx.add("b", REEDITED)
    assert [f.other for f in found] == ["a"]
    assert found[0].jaccard >= 0.5


def test_teaser_is_contained_in_its_article():
    idx = NearDuplicateIndex()
    idx.add("article", STORY)
    found = idx.add("teaser", TEASER)
    assert [f.other for f in found] == ["article"]
    assert found[0].containment >= 0.9


def test_same_topic_different_story_is_not_linked():
    idx = NearDuplicateIndex()
    idx.add("a", STORY)
    assert idx.add("c", OTHER_FERRY_STORY) == []


def test_shingles_are_stable_across_processes():
    code = "from ingest.dedup import shingles; import sys; print(sorted(shingles(sys.argv[1]))[:5])"
    runs = {subprocess.run([sys.executable, "-c", code, STORY], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert runs.pop().strip() == str(sorted(shingles(STORY))[:5])


def test_links_are_symmetric_and_skip_the_same_document():
    links = link_documents([("one.txt", [STORY, REEDITED]), ("two.txt", [REEDITED]), ("three.txt", [OTHER_FERRY_STORY])])
    assert "one.txt#1" not in links.get("one.txt#0", [])  # same document: not a cross-site duplicate
    assert "two.txt#0" in links["one.txt#0"] and "one.txt#0" in links["two.txt#0"]
    assert "three.txt#0" not in links


def test_clean_json_reports_near_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REEDITED, encoding="utf-8")
    (tmp_path / "c.txt").write_text(OTHER_FERRY_STORY, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "ingest.cli", "clean", "--json", "a.txt", "b.txt", "c.txt"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    # output streams, so a link points back to the earlier copy only
    assert rows[0]["articles"][0]["near_duplicates"] == []
    assert rows[1]["articles"][0]["near_duplicates"] == ["a.txt#0"]
    assert rows[2]["articles"][0]["near_duplicates"] == []


# --- the keys' word split and distinct shingles equal their plain definitions ------------------------
PROSE = (
    "Der Rat der Stadt hat am Dienstag beschlossen: „Die Fähre fährt nicht mehr“ — sagte die Bürgermeisterin.\n"
    "L'été dernier, l'école a fermé ; aujourd'hui (lundi) elle rouvre… «C'est enfin fini», dit-elle.\n"
    "El consejo votó el 12.03.2024 a las 10:30h; ¿por qué? ¡Porque sí! snake_case_name and __dunder__ stay whole.\n"
    "市议会周二投票关闭旧渡轮码头。 東京都は３月に新しい計画を発表した。 مجلس المدينة صوّت يوم الثلاثاء\n"
    "Prices rose 3.5% to €1,200.50\u00a0per\u2009unit\u2014a record; e-mail: info@example.org, #tag @handle\tend"
)


def test_words_are_the_lowered_word_character_runs():
    import re

    from ingest.dedup import words

    assert words(PROSE) == re.findall(r"\w+", PROSE.lower())
    assert "snake_case_name" in words(PROSE) and "l" in words(PROSE) and "été" in words(PROSE)


def test_words_agree_with_the_regex_on_every_code_point():
    """Each character alone, glued to letters on both sides, and after punctuation: the whitespace
    split plus isalnum must cut exactly where the regex's \\w does (underscore, marks, digits of
    every script, separators)."""
    import re

    from ingest.dedup import words

    for start in range(0, 0x110000, 4096):
        chars = [chr(c) for c in range(start, min(start + 4096, 0x110000)) if not 0xD800 <= c <= 0xDFFF]
        text = " ".join(f"a{c}b {c} ({c}) x{c}" for c in chars)
        assert words(text) == re.findall(r"\w+", text.lower()), hex(start)


def test_distinct_shingles_equal_numpy_unique():
    import numpy as np

    from ingest.dedup import _sorted_distinct

    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 3, 50, 1_400):
        values = rng.integers(0, 40 if size > 3 else 2, size, dtype=np.uint64)  # many repeats
        got = _sorted_distinct(values)
        assert got.dtype == np.uint64 and np.array_equal(got, np.unique(values)), size


def _word_hashes(text: str) -> list[int]:
    """The reference: crc32 of each lower-cased \\w+ run, in order (what the shingles are built from)."""
    import re
    import zlib

    return [zlib.crc32(w.encode()) or 1 for w in re.findall(r"\w+", text.lower())]


def test_word_hashes_by_token_agree_with_the_words_on_every_code_point():
    """prepare hashes a text's whitespace tokens (a token with punctuation inside hashes each of its
    word runs): the same hashes, in the same order, as the words one by one, for every character alone,
    glued to letters, in brackets."""
    from ingest.dedup import _hashes_of_tokens

    for start in range(0, 0x110000, 4096):
        chars = [chr(c) for c in range(start, min(start + 4096, 0x110000)) if not 0xD800 <= c <= 0xDFFF]
        text = " ".join(f"a{c}b {c} ({c}) x{c}" for c in chars)
        assert _hashes_of_tokens(text.lower().split()) == _word_hashes(text), hex(start)


def test_keys_from_tokens_equal_the_keys_from_the_words():
    """Shingles, signature, band keys and lead key of prepare (token path) equal those built from
    words(), on prose in several languages with punctuation glued to words, and on short texts."""
    import numpy as np

    from ingest import dedup

    texts = [STORY, REEDITED, TEASER, PROSE, OTHER_FERRY_STORY,
             "«Le maire», a-t-il dit, l'été dernier: (voir p. 3) — «c'est fini»… Ça coûte 3,5 M€ à l'État!",
             "„Der Bürgermeister“ (SPD) sagte: Straßen-Sanierung 2025/26 — Kosten ~4,2 Mio. €; Übergabe im März.",
             "ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ, Αθήνα: «Η ΣΥΝΕΔΡΙΑΣΗ ΤΟΥ ΔΗΜΟΤΙΚΟΥ ΣΥΜΒΟΥΛΙΟΥ ΑΝΑΒΛΗΘΗΚΕ» είπε ο δήμαρχος.",
             "...(((---))) __init__ snake_case x1 y2", "one two three", "", "—"]
    for text in texts:
        ws = dedup.words(text)
        got = dedup.prepare(text)
        want = dedup._shingle_array(ws)
        assert np.array_equal(got.shingles, want), text[:40]
        assert np.array_equal(dedup.shingle_array(text), want)
        if len(want) < dedup.MIN_SHINGLES:
            assert got.signature is None and got.keys == ()
            continue
        sig = dedup.signature(want)
        lead = dedup.lead_key(ws)
        assert np.array_equal(got.signature, sig) and got.lead == lead, text[:40]
        assert got.keys == (*dedup.band_keys(sig), *((lead,) if lead is not None else ())), text[:40]
