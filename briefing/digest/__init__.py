"""Digest: on a schedule, gather what is new from feeds, pages and folders, brief each story,
and email it, at least once."""
