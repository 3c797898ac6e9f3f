"""``communique report --db DB -o page.html``: the corpus page, with one clear line for each failure."""

from __future__ import annotations

import sys
from pathlib import Path

from communique.store.database import StoreError, connect, explain
from communique.writers import OutputError, cannot_write


def run_corpus_report(db: Path, output: Path) -> int:
    import duckdb
    from communique.store.page import write_corpus_page

    if output.is_dir():
        print(
            f"communique: {output}: is a directory (the corpus page is one file, e.g. page.html)",
            file=sys.stderr,
        )
        return 2
    try:
        con = connect(db, write=False)
    except StoreError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 2
    try:
        page, statements = write_corpus_page(con, output)
    except duckdb.Error as error:
        print(f"communique: {explain(db, error)}", file=sys.stderr)
        return 2
    except OutputError as error:  # the page's folder of statements: the line names the -o the user gave
        cause = error.__cause__
        print(
            f"communique: {cannot_write(output, cause) if isinstance(cause, OSError) else error}",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(f"communique: {cannot_write(output, error)}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(f"communique: wrote {page} and {statements} statement pages", file=sys.stderr)
    return 0
