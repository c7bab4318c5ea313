"""A batch's items go to its task as they are: Prefect does not walk them (ingest_tasks.batch_items)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "flows"))

READS: list[str] = []


@dataclass(frozen=True)
class Watched:
    """A document-like item that notes each read of its body (Prefect's walk reads every field)."""

    body: bytes

    def __getattribute__(self, name):
        if name == "body":
            READS.append(name)
        return object.__getattribute__(self, name)


def test_a_batch_is_handed_to_its_task_unwalked_and_as_the_list_it_was(prefect_harness):
    import ingest_tasks
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    from ingest.execution import Execution

    @task(cache_policy=NO_CACHE)  # as the flows' batch tasks (ingest_tasks.RETRY): no hash of the inputs
    def count(items, **_):
        return type(items).__name__, len(items)

    @flow
    def submit_one_batch():
        # submitted the way the ingest flow submits its batches on this box (--workers 1 here)
        with ingest_tasks.task_runner(Execution(workers=1)) as runner:
            return runner.submit(count, items=[Watched(b"x" * 100) for _ in range(50)]).result()

    READS.clear()
    assert submit_one_batch() == ("list", 50)  # the task gets the list itself, not a wrapper
    assert READS == [], f"Prefect walked the batch's items ({len(READS)} reads)"
