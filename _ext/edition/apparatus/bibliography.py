"""references.bib, checked: keys that clash, strict pybtex, what biber rejects; the ``{cite}``
roles made safe; the bibliography pages rewritten when citations change.

``references.bib`` is checked with pybtex in strict mode (when the builder starts, before
sphinxcontrib-bibtex reads it), after a scan for keys that clash when case is ignored (BibTeX keys
are case-insensitive, and pybtex would keep only one of them). Every ``{cite}`` key of a page is
checked against it, with the nearest key as a hint."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CiteRole

from ..core import datafile
from ..core.domain import build_state
from ..core.nodes import annotation_note
from ..core.text import foreign_characters
from ..core.warnings_ import EditionWarning, warn


def bibliography_pages(app: Sphinx, env: Any) -> list[str]:
    """``env-updated``: rewrite the bibliography pages whenever a page was read again (its
    citations may have changed), since sphinxcontrib-bibtex does not, and an incremental build
    would otherwise leave the list out of step with the citations."""
    if "cite" not in env.domains or not build_state(app.env).reread:
        return []
    return sorted({key.docname for key in env.get_domain("cite").bibliographies})


_ENTRY = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s]*)\s*,?", re.MULTILINE)


def check_bibfile(path: Path, shown: str) -> tuple[dict[str, int], list[datafile.Problem], str]:
    """Check a .bib file entry by entry: keys that clash when case is ignored or that are not
    ASCII, entries pybtex cannot parse in strict mode, an entry that ends early (a closing brace
    too many: BibTeX drops the fields after it silently), a ``crossref`` to no entry, a ``url``
    that is not http(s) and a ``doi`` that is not a DOI. ``@string`` macros defined earlier in
    the file are known to every entry after them.

    Returns the good keys with their lines, the problems, and the file's text less the bad
    entries (so that the build can go on, and report every problem, instead of crashing in
    sphinxcontrib-bibtex's own parser).
    """
    import pybtex.errors
    from pybtex.plugin import find_plugin
    from pybtex.scanner import PybtexSyntaxError

    # looked up once: pybtex.database.parse_string looks its parser up in every installed
    # package's entry points on each call, and this parses each entry on its own
    parser_class = find_plugin("pybtex.database.input", "bibtex")

    if not datafile.exists(path):
        return {}, [datafile.Problem(shown, 1, "cannot read the bibliography: no such file")], ""
    text, problems = datafile.read_text(path, shown, datafile.MAX_DATA_BYTES)
    if text is None:
        return {}, problems, ""
    starts = [m for m in _ENTRY.finditer(text)
              if m.group(1).lower() not in ("comment", "preamble", "string")]
    keys: dict[str, int] = {}
    folded: dict[str, tuple[str, int]] = {}
    crossrefs: list[tuple[str, str, int, int]] = []  # key, target, line, index in kept
    kept = [text[:starts[0].start()] if starts else text]
    macros: Any = None
    pybtex.errors.set_strict_mode(True)
    try:
        macros, error = _macros(parser_class, kept[0])
        if error:
            line = text.count("\n", 0, len(kept[0]) - len(kept[0].lstrip())) + 1
            problems.append(datafile.Problem(shown, line, f"malformed BibTeX before the first "
                                             f"entry: {error}; the file holds entries "
                                             "@type{key, field = {value}, ...}, @string{name = "
                                             "{value}} and @comment{...}"))
            kept[0] = ""
        for number, match in enumerate(starts):
            end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
            chunk, key = text[match.start():end], match.group(2)
            line = text.count("\n", 0, match.start()) + 1

            def problem(message: str) -> None:
                problems.append(datafile.Problem(shown, line, message))

            if not key:
                problem("malformed BibTeX: an entry without a key; an entry reads "
                        "@type{key, field = {value}, ...}")
                continue
            foreign = foreign_characters(key)
            if foreign:
                problem(f"the key '{key}' has a character that is not ASCII ({foreign}): a key "
                        "is ASCII letters, digits and '-', e.g. zagoria1961")
                continue
            if key.lower() in folded:
                first, first_line = folded[key.lower()]
                same = "the same key" if first == key else f"'{first}', which differs only in case"
                problem(f"entry '{key}' repeats {same} (line {first_line}); BibTeX keys ignore "
                        "case and must be unique: rename one of them or merge the two entries")
                continue
            parser = parser_class(macros=macros)
            try:
                parser.parse_string(chunk)
            except PybtexSyntaxError as error:
                unbalanced = _unbalanced_field(chunk)
                if unbalanced:
                    field, offset, opened, closed = unbalanced
                    problems.append(datafile.Problem(
                        shown, line + offset, f"malformed BibTeX in entry '{key}': the braces of "
                        f"its field '{field}' do not balance ({opened} '{{', {closed} '}}'): "
                        "each '{' of a field is closed by a '}' in the same field, before the "
                        "comma that ends it"))
                    continue
                at = line + (getattr(error, "lineno", 1) or 1) - 1
                reason = str(error).split(": ", 1)[-1]
                problem(f"malformed BibTeX in entry '{key}': {reason} (at line {at}); check its "
                        "braces and commas: an entry reads @type{key, field = {value}, ...}")
                continue
            except Exception as error:  # pybtex reports bad data (e.g. names) as plain errors
                problem(f"malformed BibTeX in entry '{key}': {error}")
                continue
            macros = parser.macros  # with any @string that follows the entry
            lost = _after_entry(chunk)
            if lost:
                problem(f"entry '{key}' ends early: a closing brace too many ends it before "
                        f"«{lost}», which BibTeX would drop silently; remove the extra '}}'")
                continue
            entry = next(iter(parser.data.entries.values()), None)
            fields = entry.fields if entry is not None else {}
            bad = _bad_link_field(fields)
            if bad:
                problem(f"entry '{key}': {bad}")
                continue
            if "crossref" in fields:
                crossrefs.append((key, fields["crossref"], line, len(kept)))
            folded[key.lower()] = (key, line)
            keys[key] = line
            kept.append(chunk)
    finally:
        pybtex.errors.set_strict_mode(False)
    for key, target, line, index in crossrefs:
        if target.lower() not in folded:
            problems.append(datafile.Problem(shown, line, f"entry '{key}' has crossref = "
                                             f"{{{target}}}, which is no entry of {shown}: add "
                                             "that entry, or remove the crossref"))
            del keys[key]
            kept[index] = ""
    return keys, problems, "".join(kept)


_BIBER = re.compile(r"^(?:WARN|ERROR) - (?:Datamodel: )?Entry '(?P<key>[^']+)' \([^)]*\): "
                    r"(?P<message>.*)$")


def biber_problems(path: Path, shown: str) -> list[datafile.Problem]:
    """The entries of a .bib file that biber's data-model validation rejects (``biber --tool
    --validate-datamodel``), each at its entry's line. Empty when biber is not installed (the
    tests and CI run it)."""
    import shutil

    biber = shutil.which("biber")
    text, _ = datafile.read_text(path, shown, datafile.MAX_DATA_BYTES)  # no link, UTF-8
    if biber is None or text is None:  # a file that cannot be read is reported by the build
        return []
    key = (biber, shown, text)
    if key not in _BIBER_VERDICTS:
        if len(_BIBER_VERDICTS) >= 64:
            _BIBER_VERDICTS.pop(next(iter(_BIBER_VERDICTS)))
        _BIBER_VERDICTS[key] = _biber_validation(biber, path, text, shown)
    return list(_BIBER_VERDICTS[key])


#: biber's verdicts by (biber, name shown, text): a cache of a pure function of the file's text
#: (not of where the file is), so that a file checked again unchanged, as when the lint runs many
#: times in one process (the tests), is not given to biber again
_BIBER_VERDICTS: dict[tuple[str, str, str], tuple[datafile.Problem, ...]] = {}


def _biber_validation(biber: str, path: Path, text: str,
                      shown: str) -> tuple[datafile.Problem, ...]:
    """biber's verdict on ``path``, whose content is ``text``."""
    import subprocess
    import tempfile

    lines = {m.group(2): text.count("\n", 0, m.start()) + 1 for m in _ENTRY.finditer(text)}
    with tempfile.TemporaryDirectory(prefix="edition-biber-") as scratch:
        try:
            # --tool-resolve: an entry's crossref parent gives it its inherited fields first
            result = subprocess.run([biber, "--tool", "--tool-resolve", "--validate-datamodel",
                                     "--nolog",
                                     "--output-directory", scratch, str(path)],
                                    capture_output=True, text=True, errors="replace",
                                    check=False, timeout=120)
        except subprocess.TimeoutExpired:
            return (datafile.Problem(shown, 1, "biber's data-model validation did not finish "
                                               "within 120 s; check the file's braces"),)
    problems = []
    for line in result.stdout.splitlines():
        match = _BIBER.match(line.strip())
        if not match:
            continue
        key, message = match.group("key"), match.group("message").rstrip(" -")
        kind = re.search(r"entrytype '(\w+)'", message)
        hint = (f"; see the BibLaTeX manual for the fields of @{kind.group(1)}" if kind else "")
        problems.append(datafile.Problem(shown, lines.get(key, 1), f"entry '{key}': {message} "
                                         f"(biber's data-model validation){hint}"))
    return tuple(problems)


def _macros(parser_class: Any, text: str) -> tuple[Any, str]:
    """The ``@string`` macros defined in ``text`` (the part of the file before its first
    entry), and why it cannot be parsed ("" when it can)."""
    from pybtex.scanner import PybtexSyntaxError

    parser = parser_class()
    try:
        parser.parse_string(text)
    except PybtexSyntaxError as error:
        return parser_class().macros, str(error).split(": ", 1)[-1]
    except Exception as error:  # noqa: BLE001 - pybtex reports bad data as plain errors
        return parser_class().macros, str(error)
    return parser.macros, ""


_FIELD_START = re.compile(r"^[ \t]*,?[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.MULTILINE)


def _unbalanced_field(chunk: str) -> tuple[str, int, int, int] | None:
    """The first field of an entry (the chunk of the file from its ``@`` to the next entry)
    whose value opens more braces than it closes, or closes more than it opens: its name, its
    line within the chunk (from 0), and the braces it opens and closes. A field runs from the
    line it starts on to the next line that starts a field; the last one holds the entry's
    closing brace too. ``None`` when every field's braces balance."""
    starts = list(_FIELD_START.finditer(chunk))
    for number, start in enumerate(starts):
        end = starts[number + 1].start() if number + 1 < len(starts) else len(chunk)
        value = re.sub(r"\\[{}]", "", chunk[start.end():end])  # \{ and \} are characters
        opened, closed = value.count("{"), value.count("}")
        if number + 1 == len(starts) and closed:
            closed -= 1  # the entry's own closing brace
        if opened != closed:
            return start.group(1), chunk.count("\n", 0, start.start(1)), opened, closed
    return None


def _after_entry(chunk: str) -> str:
    """The start of what follows the closing brace of an entry (the chunk starts with the
    entry), when it looks like a field (``name = ...``); "" otherwise. BibTeX takes text between
    entries for a comment, so a closing brace too many drops the fields after it silently."""
    opening = re.search(r"[{(]", chunk)
    if opening is None:
        return ""
    close = "}" if opening.group() == "{" else ")"
    depth = 0
    for index in range(opening.start(), len(chunk)):
        char = chunk[index]
        if char == "{" or (close == ")" and char == "(" and depth == 0):
            depth += 1
        elif char == "}" or (close == ")" and char == ")" and depth == 1):
            depth -= 1
            if depth == 0:
                rest = chunk[index + 1:]
                field = re.search(r"^[\s,]*(\w[\w-]*\s*=[^\n]*)", rest)
                if field is None:
                    field = re.search(r"(?m)^\s*(\w[\w-]*\s*=\s*[{\"\d][^\n]*)", rest)
                return " ".join(field.group(1).split())[:60] if field else ""
    return ""


def _bad_link_field(fields: Any) -> str:
    """Why an entry's ``url`` or ``doi`` cannot be a link in the bibliography ("" if it can)."""
    url = str(fields.get("url", "")).strip()
    if url and not re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
        return (f"its url «{url[:60]}» is not an http(s) address: the bibliography makes it a "
                "link, so only https:// (or http://) addresses are allowed")
    doi = str(fields.get("doi", "")).strip()
    if doi and not re.match(r"^10\.\d{4,9}/\S+$", doi):
        return (f"its doi «{doi[:60]}» is not a DOI: write the DOI alone, e.g. "
                "10.1017/S0305741000021688, without https://doi.org/")
    return ""


class CheckCitationKeys(SphinxTransform):
    """Report a citation of a key that is not in the bibliography, with the nearest key.

    sphinxcontrib-bibtex's own warning (``bibtex.key_not_found``, suppressed in conf.py) names the
    key but not what would be right."""

    default_priority = 430

    def apply(self, **kwargs: Any) -> None:
        from sphinxcontrib.bibtex.citation_target import parse_citation_targets

        keys: dict[str, int] = build_state(self.env).bib_keys
        if not keys:
            return
        folded = {key.lower(): key for key in keys}
        refused = build_state(self.env).bib_refused  # each reported at its entry's line
        cited_in: list[tuple[str, str]] = []  # (key, the passage or note that cites it)
        for xref in self.document.findall(addnodes.pending_xref):
            if xref.get("refdomain") != "cite":
                continue
            try:
                targets = list(parse_citation_targets(xref["reftarget"]))
            except ValueError:
                continue  # sphinxcontrib-bibtex reports a malformed target itself
            for target in targets:
                if target.key.lower() in folded:
                    cited_in.append((folded[target.key.lower()], self._where(xref)))
                    continue
                if target.key.lower() in refused:
                    continue
                nearest = difflib.get_close_matches(target.key, list(keys), n=1, cutoff=0.6)
                hint = f"did you mean '{nearest[0]}'? " if nearest else ""
                warn(EditionWarning.BIBLIOGRAPHY,
                     f"unknown citation key '{target.key}': {hint}every key cited must be an "
                     f"entry of {', '.join(build_state(self.env).bibfiles)}", xref)
        if cited_in:
            self.env.get_domain("edition").data["cited_in"][self.env.docname] = \
                list(dict.fromkeys(cited_in))

    def _where(self, node: nodes.Node) -> str:
        """The id of the note or passage a citation stands in ("" for the page itself)."""
        passages = self.env.get_domain("edition").passages
        while node is not None:
            if isinstance(node, annotation_note):
                return node["annotation_id"]
            for node_id in getattr(node, "get", lambda *_: [])("ids", []):
                if node_id in passages:
                    return node_id
            node = node.parent
        return ""


def guard_bibfiles(app: Any) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex's own (which reads the .bib files): check
    every .bib file; give sphinxcontrib-bibtex a copy without the bad entries, which it would
    otherwise lose silently or crash on."""
    config = app.config
    if "sphinxcontrib.bibtex" not in config.extensions:
        return
    guarded: list[str] = []
    all_keys: dict[str, int] = {}
    refused: set[str] = set()
    shown = list(config.bibtex_bibfiles)
    for bibfile in config.bibtex_bibfiles:
        path = Path(app.srcdir) / bibfile
        keys, problems, good = check_bibfile(path, bibfile)
        all_keys.update(keys)
        for problem in problems:
            warn(EditionWarning.BIBLIOGRAPHY, problem.message, problem.location)
        if not problems or not path.is_file():
            guarded.append(bibfile)
            continue
        text, _ = datafile.read_text(path, bibfile, datafile.MAX_DATA_BYTES)
        refused |= {match.group(2).lower() for match in _ENTRY.finditer(text or "")
                    if match.group(2)} - {key.lower() for key in keys}
        copy = Path(app.doctreedir) / "edition-checked" / Path(bibfile).name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(good, encoding="utf-8")
        guarded.append(str(copy))
    config.bibtex_bibfiles = guarded
    state = build_state(app.env)
    state.bibfiles, state.bib_keys, state.bib_refused = shown, all_keys, refused


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's cite role, which first checks that its target parses: the role
    itself raises ``ValueError`` on a target such as ``{cite:p}`{term}```, and that stops the
    build with a traceback."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            list(parse_citation_targets(self.target))
        except ValueError:
            warn(EditionWarning.BIBLIOGRAPHY,
                 f"malformed citation «{{{self.name}}}`{self.text}`»: a citation names references.bib keys "
                 "separated by commas, e.g. {cite:p}`zagoria1961, griffith1963`; a page goes in "
                 "braces after its key, e.g. {cite:p}`zagoria1961{p. 12}`", self.get_location())
            return [nodes.inline(self.rawtext, self.text)], []
        return super().run()


def checked_cite_roles(app: Any, config: Any) -> None:
    """``config-inited``: every role of the ``cite`` domain checks its target first."""
    if "cite" in app.registry.domains:
        for name in BibtexDomain._role_names:
            app.add_role_to_domain("cite", name, CheckedCiteRole(), override=True)
