"""The journey over time: what changed between revisions, a case's history, the loop's timing."""
