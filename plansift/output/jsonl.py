"""JSON Lines output: records.jsonl, one JSON object per record, appended per document (text kept verbatim)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from plansift.output.atomic import AtomicFile
from plansift.output.cells import json_value, plain_rows


class JsonlWriter:
    """Streams records to ``records.jsonl``: nulls as ``null``, dates as ISO strings, UTF-8."""

    def __init__(self, out_dir: Path):
        self._file = AtomicFile(out_dir, "records.jsonl")
        self._fh = open(self._file.tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - open while streaming

    def write(self, documents, records, entities) -> None:
        """Append the rows of a records frame (the other tables are not written as JSON Lines)."""
        for row in plain_rows(records):
            self._fh.write(json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False))
            self._fh.write("\n")

    def close(self) -> list[AtomicFile]:
        self._fh.close()
        return [self._file]

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # the buffered rows could not be written either (a full disk)
            self._fh.close()
        self._file.discard()
