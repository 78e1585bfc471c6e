"""Command-line checks and tools, each ``python -m edition.checks.<name>``; no room imports them.

- :mod:`.lint`: a contribution checked in seconds with the build's own messages;
- :mod:`.fidelity`: built pages against the received texts;
- :mod:`.registry`: record new passages in the registry of published ids;
- :mod:`.review`: the counts of the review log;
- :mod:`.links` and :mod:`.external_links`: internal links of a built site, and external ones;
- :mod:`.weight`: what a page weighs as a reader receives it;
- :mod:`.build`: one build of a project, for the tools and the tests.
"""
