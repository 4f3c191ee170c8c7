"""`koto access-report`: a client's access report (GDPR art. 15) as PDF and, with --out, as JSON (art. 20)."""

from __future__ import annotations

import argparse
import sys

from koto_tui.commands import CommandFailed, _err, opened_store
from koto_tui.i18n import _
from koto_tui.messages import describe_error
from koto_tui.text import printable

CONFIRM = _("The access report holds every answer about the client, sensitive ones too: it is the client's "
            "own copy, to be given to the client only.")


def access_report(args: argparse.Namespace) -> int:
    """Write the PDF (prints/, or --out) and, with --out, the plain JSON copy; log both."""
    if not args.yes and not _confirmed():
        return _err(_("not made: give --yes to confirm that the report may hold sensitive answers."))
    from koto_tui.access_printout import write_pdf
    from koto_tui.access_report import file_stem, write_json

    try:
        with opened_store(args) as store:
            store.clients.get(args.client)
            stem = file_stem(args.client)
            written = [write_pdf(store, args.client, args.out, stem)]
            if args.out is not None:
                written.append(write_json(store, args.client, args.out, stem))
    except KeyError:
        return _err(_("no client with id {id}.").format(id=args.client))
    except OSError as exc:
        return _err(_("could not write the report: {reason}").format(reason=describe_error(exc)))
    except CommandFailed as exc:
        return _err(str(exc), exc.status)
    for path in written:
        print(_("Wrote {path}.").format(path=printable(str(path))))
    return 0


def _confirmed() -> bool:
    """Ask on a terminal (never when input is piped: then --yes is needed)."""
    if not sys.stdin.isatty():
        return False
    print(CONFIRM, file=sys.stderr)
    answer = input(_("Make the report? [y/N] "))
    return answer.strip().casefold() in {"y", "yes", "k", "kyllä", "j", "ja"}
