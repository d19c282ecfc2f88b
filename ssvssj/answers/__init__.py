"""Whole answers of read-only commands, kept so that asking again over unchanged files costs
a look at the files' metadata and one read, before the command line is even parsed.

An answer (what the command wrote to standard output and standard error, in order, and its
exit code) is kept under a hash of the question (the command and its options, as parsed),
of the environment the output depends on, and of the state of every file the command reads:
each file's inode, size, mtime and ctime, kept only when every file was last changed well
before it was looked at (no program can set a ctime back, so changed bytes always change the
key). Anything the short parser does not understand exactly goes to the full command line,
which answers as always; its answer is kept for next time.
"""

from __future__ import annotations

_transient = False


def transient_output_shown() -> None:
    """Something was shown that only makes sense live (a progress bar): the answer of this
    run is not kept."""
    global _transient
    _transient = True


def transient() -> bool:
    return _transient
