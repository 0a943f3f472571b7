"""server/balance.py: the connection counts that server processes share, and who leaves a connection to whom."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from server.balance import ConnectionShare


@pytest.fixture
def folder() -> Iterator[Path]:
    made = ConnectionShare.create(2)
    yield made
    ConnectionShare.remove(made)


def test_each_process_claims_its_own_slot(folder: Path) -> None:
    first, second = ConnectionShare(folder), ConnectionShare(folder)  # two open files: two lock holders
    assert (first.slot, second.slot) == (0, 1)
    assert ConnectionShare(folder).slot is None  # a third finds no slot, and balances nothing
    first.close()
    second.close()


def test_the_process_with_more_connections_leaves_the_next_one(folder: Path) -> None:
    first, second = ConnectionShare(folder), ConnectionShare(folder)
    assert not first.ahead() and not second.ahead()  # even: both accept
    first.opened()
    assert first.ahead() and not second.ahead()
    second.opened()
    second.opened()
    first.closed()
    assert (first.count(0), first.count(1)) == (0, 2)
    assert second.ahead() and not first.ahead()
    first.close()
    second.close()


def test_a_dead_process_counts_for_nothing_and_its_successor_starts_at_zero(folder: Path) -> None:
    first, second = ConnectionShare(folder), ConnectionShare(folder)
    for _ in range(3):
        second.opened()
    first.opened()
    second.close()  # as when the process dies: its lock goes
    assert not first.ahead()  # no live process has fewer
    successor = ConnectionShare(folder)
    assert successor.slot == 1 and successor.count(1) == 0
    assert first.ahead()
    first.close()
    successor.close()


def test_the_folder_is_removed_with_everything_in_it(folder: Path) -> None:
    share = ConnectionShare(folder)
    share.close()
    ConnectionShare.remove(folder)
    assert not folder.exists()
