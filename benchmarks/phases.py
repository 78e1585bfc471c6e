"""Where a build's time goes, without a profiler: the CPU seconds of every event listener and of
every transform of one build (cProfile doubles the cost of code that makes many small calls,
such as the json module's indenting encoder, and misleads).

``python benchmarks/phases.py SOURCE OUTPUT`` builds SOURCE into OUTPUT (``-E``; with
``--incremental``, without it) and prints the listeners, then the transforms, by CPU time. It
replaces Sphinx's ``EventManager.emit`` and docutils' ``Transformer.apply_transforms`` with timed
copies of the pinned versions' (Sphinx 9.0, docutils 0.21); the build is otherwise the same.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path
from typing import Any

import docutils.transforms
from sphinx import events
from sphinx.cmd.build import build_main

LISTENERS: collections.Counter[str] = collections.Counter()
CALLS: collections.Counter[str] = collections.Counter()
TRANSFORMS: collections.Counter[str] = collections.Counter()


def _emit(self: Any, name: str, *args: Any, allowed_exceptions: tuple = (),
          **kwargs: Any) -> list[Any]:
    results = []
    for listener in sorted(self.listeners[name], key=lambda listener: listener.priority):
        handler = listener.handler
        started = time.process_time()
        try:
            results.append(handler(self.app, *args))
        finally:
            key = f"{name}: {getattr(handler, '__module__', '?')}." \
                  f"{getattr(handler, '__qualname__', handler)}"
            LISTENERS[key] += time.process_time() - started
            CALLS[key] += 1
    return results


def _emit_firstresult(self: Any, name: str, *args: Any, allowed_exceptions: tuple = (),
                      **kwargs: Any) -> Any:
    return next((result for result in _emit(self, name, *args) if result is not None), None)


def _apply_transforms(self: Any) -> None:
    self.document.reporter.attach_observer(self.document.note_transform_message)
    while self.transforms:
        if not self.sorted:
            self.transforms.sort()
            self.transforms.reverse()
            self.sorted = 1
        priority, transform_class, pending, kwargs = self.transforms.pop()
        started = time.process_time()
        transform_class(self.document, startnode=pending).apply(**kwargs)
        TRANSFORMS[f"{transform_class.__module__}.{transform_class.__name__}"] += \
            time.process_time() - started
        self.applied.append((priority, transform_class, pending, kwargs))
    self.document.reporter.detach_observer(self.document.note_transform_message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
    events.EventManager.emit = _emit  # type: ignore[method-assign]
    events.EventManager.emit_firstresult = _emit_firstresult  # type: ignore[method-assign]
    docutils.transforms.Transformer.apply_transforms = _apply_transforms  # type: ignore
    started = time.process_time()
    status = build_main([*([] if args.incremental else ["-E"]), "-q", "-b", "html",
                         str(args.source), str(args.output)])
    print(f"build exit status {status}, {time.process_time() - started:.2f} CPU s")
    print("listeners (CPU s, calls):")
    for key, seconds in LISTENERS.most_common(args.top):
        print(f"{seconds:8.2f} {CALLS[key]:6d}  {key}")
    print("transforms (CPU s):")
    for key, seconds in TRANSFORMS.most_common(args.top):
        print(f"{seconds:8.2f}  {key}")


if __name__ == "__main__":
    main()
