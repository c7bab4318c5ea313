"""Near-duplicate keys computed in the sandbox workers (off the run driver's GIL): the same keys the
store would compute, used only for the text they were computed from, and the same rows stored."""
import numpy as np

from ingest import dedup
from ingest.pipeline import raw_from_bytes
from ingest.records import CleanDocument
from ingest.sandbox import Sandbox
from ingest.settings import Settings
from ingest.store import sql

STORY = ("Die Fähre über den See fährt wieder\n\n"
         "Nach zwei Wintern ohne Verbindung nimmt die kleine Fähre zwischen den beiden Dörfern am Montag den "
         "Betrieb wieder auf, teilte die Gemeinde mit. Der Motor wurde ersetzt und der Steg erneuert.\n\n"
         "Pendler hatten bisher einen Umweg von vierzig Minuten über die Brücke im Süden in Kauf nehmen müssen; "
         "die Schule rechnet damit, dass der Unterricht morgens wieder pünktlich beginnen kann.\n")
NOTE = "Avis: la bibliothèque ferme à midi samedi.\n"


def _same(a: dedup.Keyed, b: dedup.Keyed) -> bool:
    sig = (a.signature is None and b.signature is None) or (
        a.signature is not None and b.signature is not None and np.array_equal(a.signature, b.signature))
    return np.array_equal(a.shingles, b.shingles) and sig and a.keys == b.keys and a.lead == b.lead


def test_workers_compute_the_keys_the_store_would_compute():
    raws = [raw_from_bytes(STORY.encode(), "ferry.txt", media_type="text/plain"),
            raw_from_bytes(NOTE.encode(), "note.txt", media_type="text/plain")]
    with Sandbox(Settings(), jobs=2, keys=True) as box:
        outcomes = list(box.process(raws))
    for outcome in outcomes:
        assert isinstance(outcome, CleanDocument)
        keyed = box.index_keys.get(outcome.raw_id, ())
        assert [text for text, _ in keyed] == [a.text for a in outcome.articles]
        assert all(_same(k, dedup.prepare(a.text)) for (_, k), a in zip(keyed, outcome.articles))
    assert box.index_keys[outcomes[0].raw_id][0][1].signature is not None  # long enough to be indexed


def test_without_keys_the_workers_compute_none():
    with Sandbox(Settings(), jobs=1) as box:
        list(box.process([raw_from_bytes(STORY.encode(), "ferry.txt", media_type="text/plain")]))
    assert box.index_keys == {}


def test_keys_of_another_text_are_not_used():
    """A site template cut lines after cleaning: the keys of the text as cleaned do not describe the
    stored text, so the store computes them again."""
    prepared = {"r1": ((STORY, dedup.prepare(STORY)),)}
    cut = STORY.split("\n\n", 1)[1]
    outcome = CleanDocument("r1", "ferry.txt", "article", (), (), "text", "v", "text", (), ())
    rows = [{"article_id": "a1", "raw_id": "r1", "position": 0, "text": cut, "truncated": False}]
    assert sql._index_entries(rows, [outcome], prepared)[0].keyed is None
    rows[0]["text"] = STORY
    assert sql._index_entries(rows, [outcome], prepared)[0].keyed is prepared["r1"][0][1]
    assert sql._index_entries(rows, [outcome], {})[0].keyed is None
