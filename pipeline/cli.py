"""The `ntm` command line: one command per user task."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ntm: Vietnamese NTM directives and reports, made answerable.")


@app.callback()
def root() -> None:
    """ntm: Vietnamese NTM directives and reports, made answerable."""


@app.command()
def extract(file: Path = typer.Argument(..., help="A TXT, DOCX or PDF file."),
            as_json: bool = typer.Option(False, "--json", help="Print the extraction record as JSON.")):
    """Extract everything from one file, without touching the database."""
    from extractors import extract as run_extractors
    from pipeline.readers import ReadError, read_file

    try:
        doc = read_file(file)
    except ReadError as e:
        typer.echo(f"{file}: {e.stage}: {e}", err=True)
        raise typer.Exit(2)
    record = run_extractors(doc).record(doc)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        return
    info = record["document"]
    typer.echo(f"{record['file']}  [{record['format']}]")
    for key in ("number", "type", "issuer", "place", "date", "title", "signer", "signer_title"):
        if info.get(key):
            typer.echo(f"  {key:<13} {info[key]}")
    for name in ("references", "places", "targets", "achievements", "budgets", "assignments", "consistency"):
        typer.echo(f"  {name:<13} {len(record[name])}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
