"""Command line: one verb per library function of the same name.

Exit codes (README "Exit codes"; tests/test_exit_codes.py checks each):
  0    done — documents that failed are data, not errors (`ingest failures`)
  1    --strict and a document failed; or the store / raw zone failed (unreachable, disk full,
       read-only, not an ingest store, missing HTML support): one line naming it and the cause
  2    bad arguments: usage, an invalid setting, a source that matches nothing, an unknown id or run
  130  interrupted (Ctrl-C): finished batches are stored, the run is marked `interrupted`
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence

from . import interrupt
from .errors import ConfigError, IngestError, UnknownReference
from .interrupt import RunInterrupted
from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# Extra verbs register here (e.g. the store verbs in cli_store.py): each gets the subparsers object.
EXTRA_VERBS: list[str] = ["ingest.cli_store"]


def _settings(args: argparse.Namespace) -> Settings:
    from .sources.args import source_options

    return Settings(fetched_at=getattr(args, "fetched_at", None), sources=source_options(args))


def cmd_clean(args: argparse.Namespace) -> int:
    from collections import Counter

    from .clean import clean, default_jobs
    from .records import FailedDocument

    failed, skipped = 0, Counter()
    write = _json_writer() if args.json else _text_writer(many=len(args.files) > 1 or _is_container(args.files),
                                                           markdown=args.format == "markdown")
    for outcome in clean(args.files, _settings(args), jobs=args.jobs or default_jobs(), skipped=skipped):
        failed += isinstance(outcome, FailedDocument)
        write(outcome)
    if skipped:
        print(f"skipped by design: {sum(skipped.values())} record(s) "
              f"({', '.join(f'{r} {n}' for r, n in skipped.most_common())})", file=sys.stderr)
    return 1 if (failed and args.strict) else 0


def _json_writer() -> Callable[[object], None]:
    """JSON Lines in input order. Each article carries near-duplicate links to articles of the inputs
    written before it (output streams, so a link points back to the earlier copy)."""
    from .dedup import NearDuplicateIndex, article_key
    from .records import CleanDocument

    index, owner = NearDuplicateIndex(), {}

    def write(o) -> None:
        d = o.to_dict()
        if isinstance(o, CleanDocument):
            for i, (a, art) in enumerate(zip(d["articles"], o.articles)):
                key = article_key(o.source_uri, i)
                owner[key] = o.source_uri
                a["near_duplicates"] = [nd.other for nd in index.add(key, art.text)
                                        if owner[nd.other] != o.source_uri]
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return write


def _is_container(sources: list[str]) -> bool:
    """One input that may hold many documents (a directory, glob, WARC, JSONL, URL list): name each."""
    from pathlib import Path

    return bool(sources) and sources[0] != "-" and not (Path(sources[0]).is_file() and Path(sources[0]).suffix.lower() in
                                  (".html", ".htm", ".txt", ".xhtml"))


def _text_writer(many: bool, markdown: bool = False) -> Callable[[object], None]:
    from .records import FailedDocument

    def write(o) -> None:
        out = sys.stdout
        if isinstance(o, FailedDocument):
            out.flush()
            print(f"error: {o.message}", file=sys.stderr)
            return
        if many:
            out.write(f"==> {o.source_uri} <==\n")
        for a in o.articles:
            if markdown and a.markdown:
                if a.title and not a.markdown.startswith("#"):
                    out.write(f"# {a.title}\n\n")
                out.write(a.markdown + "\n\n")
                continue
            if a.title:
                out.write(a.title + "\n\n")
            out.write(a.text + "\n\n")
        out.flush()
    return write


def cmd_explain(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .explain import explain

    status = 0
    for target in args.targets:  # each target on its own: a file is cleaned, anything else is a stored id
        if Path(target).exists():
            from .clean import clean_file

            outcome = clean_file(target, _settings(args))
            explain(outcome, dropped=_dropped(Path(target), outcome))
        else:
            from . import cli_store

            status = max(status, cli_store.explain_stored(target, args))
    return status


def _dropped(path, outcome) -> list:
    """What the HTML extractor dropped from a page file (ingest.extract.dropped), [] otherwise."""
    from .records import CleanDocument

    if not isinstance(outcome, CleanDocument) or outcome.input_format != "html" or not path.is_file():
        return []
    from .extract.dropped import dropped_spans

    return dropped_spans(path.read_bytes(), outcome)


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules.registry import DEFAULT_RULES, RULESET_VERSION

    print(f"ruleset {RULESET_VERSION}")
    for rule in DEFAULT_RULES:
        doc = (type(rule).__doc__ or "").strip().split("\n")[0]
        print(f"{rule.name:34} {doc}")
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(EXIT_USAGE, f"ingest: error: {message}\n")


def _version() -> str:
    from . import __version__
    from .rules.registry import RULESET_VERSION

    return f"ingest {__version__} (ruleset {RULESET_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ingest", description="Clean scraped web pages into articles with metadata.",
                     epilog="exit codes: 0 done (failed documents are data), 1 --strict with failures or a "
                            "store/disk error, 2 bad arguments, 130 interrupted. `ingest VERB --help` for a verb.")
    parser.add_argument("--version", action="version", version=_version(), help="print the version and exit")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    p = sub.add_parser("clean", help="clean files, WARC, JSONL, URLs… and print the result (stores nothing)")
    p.add_argument("files", nargs="+", metavar="SOURCE",
                   help="file, directory, glob, WARC, JSONL, URL, URL list, feed or sitemap; - reads stdin")
    p.add_argument("--json", action="store_true", help="one JSON object per input (JSON Lines)")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="printed form of each article: plain text (default) or Markdown (headings, lists, "
                        "tables, quotes; HTML inputs; text dumps print their text)")
    p.add_argument("--fetched-at", metavar="ISO", help="when the pages were fetched (resolves relative dates)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any document failed")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: one per available core; 1 = in this process)")
    from .sources.args import add_source_arguments

    add_source_arguments(p)
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("explain", help="show every removed span with its rule and reason (FILE or stored ID)")
    p.add_argument("targets", nargs="+", metavar="FILE_OR_ID", help="a file to clean, or a stored raw/article id")
    p.add_argument("--fetched-at", metavar="ISO", help="when the pages were fetched (resolves relative dates)")
    p.add_argument("--store", metavar="URL", help="store URL (for stored ids)")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("rules", help="list the rules in the order they run")
    p.set_defaults(func=cmd_rules)

    for module in EXTRA_VERBS:
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(sub)
    for verb_parser in sub.choices.values():  # `ingest VERB --debug` as well as `ingest --debug VERB`
        verb_parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                 help="show the full traceback of an error")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The console script (argv None) and in-process callers. Ctrl-C is handled from this first line on
    (ingest/interrupt.py): it sets the stop flag, which the run verbs check where stopping is safe and
    the other verbs turn into KeyboardInterrupt once the command line is read."""
    restore = interrupt.install()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # a verb with nothing to keep (`clean`, `status`…): Python's own Ctrl-C
        print("ingest: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if argv is None:  # the program ends: a Ctrl-C while it exits (Prefect stopping its server) quits now
            interrupt.quit_on_sigint()
        else:  # called from Python: the caller's handler back
            restore()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verb is None:  # bare `ingest`: the help, not a usage error
        parser.print_help()
        return EXIT_OK
    cooperative = getattr(args, "cooperative_ctrl_c", False)  # run, rerun: finished batches are kept
    if not cooperative:
        interrupt.keyboard_interrupt()
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        code = func(args)
    except (KeyboardInterrupt, RunInterrupted):  # what was finished is stored (cli_store._interruptible)
        print("ingest: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ConfigError, UnknownReference) as exc:
        return _fail(args, exc, f"ingest: error: {exc}", EXIT_USAGE)
    except IngestError as exc:
        return _fail(args, exc, f"ingest: {exc}", EXIT_FAILED)
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, _database_error()) as exc:  # the store or the raw zone, not a document
        from .store.engine import describe_failure

        return _fail(args, exc, f"ingest: {describe_failure(exc, _settings_for_errors(args))}", EXIT_FAILED)
    if cooperative and interrupt.requested():  # Ctrl-C after the run had ended (its summary is printed)
        print("ingest: interrupted (the run had completed)", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _database_error() -> type[BaseException]:
    """SQLAlchemy's error base, when it is loaded (`ingest clean` never loads it)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc.SQLAlchemyError if exc else _NeverRaised


class _NeverRaised(Exception):
    pass


def _settings_for_errors(args: argparse.Namespace):
    try:
        from .cli_store import _settings as store_settings

        return store_settings(args)
    except Exception:  # noqa: BLE001 - only used to name the store in a message
        return None


def _fail(args: argparse.Namespace, exc: BaseException, line: str, code: int) -> int:
    """One line on stderr; the traceback only with --debug."""
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(line, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
