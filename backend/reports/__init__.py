"""The read side of the research database: the feed, one report, timelines, counts, archives.

The API and the dashboard both call these functions, so a page and its JSON twin always show
the same rows in the same order.
"""
