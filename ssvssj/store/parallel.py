"""Spreading independent work over the machine's cores, where that pays."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a second process costs more than it saves (see benchmarks/).
PARALLEL_FROM = 1000
AHEAD_CHUNKS = 8


def workers() -> int:
    """SSVSSJ_WORKERS overrides the count (1 turns parallel work off)."""
    wanted = os.environ.get("SSVSSJ_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 4)


def iterate_in_workers(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    spread: bool | None = None,
    chunk: int | None = None,
) -> Iterator[Result]:
    """`function` over `items`, yielded in order as they are done; in forked workers when there
    are enough items (or as `spread` says), so that the caller uses each result while the
    workers go on; `chunk` items handed to a worker at a time.

    Fork (Linux) starts workers without importing anything again; where it is not available the
    work stays in this process.
    """
    count = workers()
    if (
        count < 2
        or not (len(items) >= PARALLEL_FROM if spread is None else spread)
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from map(function, items)
        return
    if chunk is None:
        chunk = max(1, min(64, len(items) // (count * 8)))
    # The workers are never more than this many items ahead of the caller: results waiting to
    # be used (a checked case file with its JSON) would otherwise pile up in this process.
    ahead = threading.Semaphore(count * chunk * AHEAD_CHUNKS)
    stopping = threading.Event()

    def handed_out() -> Iterator[Item]:
        for item in items:
            while not ahead.acquire(timeout=0.1):
                if stopping.is_set():
                    return
            yield item

    with multiprocessing.get_context("fork").Pool(count) as pool:
        try:
            for result in pool.imap(function, handed_out(), chunksize=chunk):
                ahead.release()
                yield result
        finally:
            stopping.set()


def iterate_in_batches(
    function: Callable[[list[Item]], list[Result]],
    items: Sequence[Item],
) -> Iterator[Result]:
    """`function` over batches of `items`, its results yielded one at a time in order: as
    `iterate_in_workers`, for work that does something once per batch (writes what the batch
    learned in one transaction, say) where it runs."""
    count = workers()
    size = max(1, min(64, len(items) // (max(count, 1) * 8)))
    batches = [list(items[start : start + size]) for start in range(0, len(items), size)]
    parallel = len(items) >= PARALLEL_FROM
    for done in iterate_in_workers(function, batches, spread=parallel, chunk=1):
        yield from done
