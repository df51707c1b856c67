"""Fuzz the text, DOCX and PDF extractors and the per-document pipeline with mutated corpus files.

Not run in CI: a few minutes by hand, e.g. ::

    .venv/bin/python benchmarks/fuzz.py --minutes 3
    .venv/bin/python benchmarks/fuzz.py --minutes 5 --workers 2 --seed 7 --timeout 30

Each input is a corpus file (samples, and the DOCX and PDF files of ../shared/corpus/negative
when present) put through one to three mutations: byte flips, truncation, chunk duplication, deletion and
insertion, splicing two files; for DOCX, a zip member (mostly word/document.xml) edited as XML (tags cut,
elements repeated, attributes set to huge or negative numbers) and re-zipped; for PDF, numbers of the
object structure replaced with hostile ones, keywords cut, and content streams inflated, their operators
and coordinates edited (zero font sizes and scales, huge matrices and coordinates) and deflated again; for text, odd characters, other encodings
and very long lines. Every input runs in a worker process (a memory cap, a timeout; a worker that dies or
hangs is replaced) through what ``plansift.pipeline.process_file`` does, step by step so that a traceback
is kept: ``read_document``, then (for ``--analyse-share`` of the inputs: recognition takes seconds a
document) ``analyse`` and the typed frames every writer takes.

Outcomes: ``ok``; ``rejected`` (an ExtractionError: a clear refusal, the right answer for a broken file);
``crash`` (any other exception: read_document must raise only ExtractionError, and analyse and the frames
must not raise at all: process_file would report the document as "internal error", or the writers would
stop the run); ``hang`` (past the timeout); ``died`` (the worker process died: a segfault or the memory cap).
Crashing, hanging and dying inputs are saved under benchmarks/fuzz-crashes/ (ignored by git) with their
traceback, one folder per distinct signature, and a summary.json and summary.md of the session.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing as mp
import random
import re
import resource
import time
import traceback
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASH_DIR = ROOT / "benchmarks" / "fuzz-crashes"
SEED_DIRS = [ROOT / "samples", ROOT.parent / "shared" / "corpus" / "negative"]
SEED_EXTENSIONS = (".txt", ".docx", ".pdf")
MAX_SEED_BYTES = 600_000
MEMORY_CAP = 3 * 1024**3
MAX_INPUT_BYTES = 3_000_000
"""Mutations that grow a file past this are drawn again: a 30 MB text is slow, not broken."""

INTERESTING_NUMBERS = [b"0", b"-1", b"1", b"2147483647", b"2147483648", b"-2147483649", b"99999999999", b"1e308"]
INTERESTING_BYTES = [b"\x00", b"\xff", b"(", b")", b"<", b">", b"[", b"]", b"\\", b"\n", b"\r", b"\t", b"%"]
ODD_TEXT = [
    "\x00",
    "\x0b",
    "\x0c",
    "\u2028",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u0301" * 50,
    "\t" * 40,
    "£" * 30,
    "NI " * 200,
    "=HYPERLINK(",
    "\r",
    "€",
    "𝟘𝟙",
    "ﬁ",
    " " * 5000,
]


# ------------------------------------------------------------------------------------------ mutations


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def interesting_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            pos = rng.randrange(len(out))
            val = rng.choice(INTERESTING_BYTES)
            out[pos : pos + len(val)] = val
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] * rng.randint(1, 8) + data[at:]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, 2048) :]


def insert_random(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 512)) + data[at:]


def splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    if not data or not other:
        return data + other
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


def pdf_numbers(data: bytes, rng: random.Random) -> bytes:
    """Replace numbers of the PDF structure (/Length, /Count, xref offsets, /W, references) with hostile ones."""
    spots = [m.span() for m in re.finditer(rb"(?<=[ /\[\n])\d{1,10}(?=[ \]\n>/R])", data[:2_000_000])]
    out = data
    for a, b in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 6))), reverse=True):
        out = out[:a] + rng.choice(INTERESTING_NUMBERS) + out[b:]
    return out


def pdf_keywords(data: bytes, rng: random.Random) -> bytes:
    """Cut, repeat or swap PDF keywords (endobj, endstream, xref, trailer, /Kids, /Parent, /Pages)."""
    words = [b"endobj", b"endstream", b"stream", b"xref", b"trailer", b"startxref", b"/Kids", b"/Parent", b"/Pages"]
    word = rng.choice(words)
    spots = [m.start() for m in re.finditer(re.escape(word), data)]
    if not spots:
        return flip_bytes(data, rng)
    at = rng.choice(spots)
    action = rng.choice(["cut", "swap", "repeat"])
    if action == "cut":
        return data[:at] + data[at + len(word) :]
    if action == "swap":
        return data[:at] + rng.choice(words) + data[at + len(word) :]
    return data[:at] + word * rng.randint(2, 50) + data[at:]


CONTENT_EDITS = [
    b" 0 Tz ",
    b" 1e38 Tc ",
    b" /F1 0 Tf ",
    b" 0 0 0 0 re f ",
    b" 1e30 0 0 1e30 0 0 cm ",
    b" 0 0 0 0 0 0 cm ",
    b" -1 0 0 -1 0 0 cm ",
    b" BT ",
    b" ET ",
    b" q ",
    b" Q ",
    b" (\\) Tj ",
    b" [(a) -99999 (b)] TJ ",
    b" 10 10 m 1e9 1e9 l S ",
]


def pdf_content_stream(data: bytes, rng: random.Random) -> bytes:
    """Inflate one FlateDecode stream, edit its operators or numbers, deflate it and fix its /Length."""
    spans = [m for m in re.finditer(rb"stream\r?\n", data) if data[m.start() - 3 : m.start()] != b"end"]
    rng.shuffle(spans)
    for m in spans[:10]:
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        try:
            content = zlib.decompress(data[m.end() : end])
        except zlib.error:
            continue
        if rng.random() < 0.5:
            nums = [n.span() for n in re.finditer(rb"-?\d+(?:\.\d+)?", content)]
            for a, b in sorted(rng.sample(nums, min(len(nums), rng.randint(1, 10))), reverse=True):
                content = content[:a] + rng.choice([b"1e38", b"-1e38", b"0", b"99999", b"-0.0001"]) + content[b:]
        else:
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(content) + 1)
                content = content[:at] + rng.choice(CONTENT_EDITS) + content[at:]
        packed = zlib.compress(content)
        head = data[max(0, m.start() - 400) : m.start()]
        length = list(re.finditer(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head))
        out = data[: m.end()] + packed + b"\n" + data[end:]
        if length:
            a, b = length[-1].span(1)
            base = max(0, m.start() - 400)
            out = out[: base + a] + str(len(packed)).encode() + out[base + b :]
        return out
    return pdf_numbers(data, rng)


XML_ATTRS = rb'(w:(?:gridSpan|val|w|ilvl|numId|vMerge|gridCol|hMerge|abstractNumId|left|start)|r:id|Id)="[^"]*"'


def xml_mutation(xml: bytes, rng: random.Random) -> bytes:
    """One structural edit of an XML part."""
    kind = rng.choice(["attr", "attr", "cut_tag", "repeat_element", "nest", "bytes", "entity"])
    if kind == "attr":
        spots = list(re.finditer(XML_ATTRS, xml))
        if spots:
            m = rng.choice(spots)
            name = m.group(1)
            value = rng.choice([b"99999999", b"-1", b"0", b"2147483648", b"x", b"", b"1e9", b"rId999"])
            return xml[: m.start()] + name + b'="' + value + b'"' + xml[m.end() :]
    if kind == "cut_tag":
        spots = [m.start() for m in re.finditer(rb"[<>]", xml)]
        if spots:
            at = rng.choice(spots)
            return xml[:at] + xml[at + 1 :]
    if kind in ("repeat_element", "nest"):
        tag = rng.choice([b"w:tc", b"w:tr", b"w:tbl", b"w:p", b"w:r", b"w:t", b"w:numPr"])
        m = rng.choice(list(re.finditer(rb"<" + tag + rb"[ >].*?</" + tag + rb">", xml, re.S)) or [None])
        if m is not None:
            elem = m.group(0)
            if kind == "repeat_element":
                return xml[: m.end()] + elem * rng.randint(2, 200) + xml[m.end() :]
            inner = elem
            for _ in range(rng.randint(2, 60)):
                inner = elem[: len(elem) // 2] + inner + elem[len(elem) // 2 :]
            return xml[: m.start()] + inner + xml[m.end() :]
    if kind == "entity" and xml.startswith(b"<?xml"):
        end = xml.find(b"?>") + 2
        return (
            xml[:end]
            + b'<!DOCTYPE x [<!ENTITY e "'
            + b"A" * 100
            + b'">]>'
            + xml[end:].replace(b"<w:t>", b"<w:t>&e;", 3)
        )
    return flip_bytes(xml, rng)


def docx_member(data: bytes, rng: random.Random) -> bytes:
    """Edit one zip member (mostly word/document.xml) as XML and write the package again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            parts = {i.filename: zin.read(i) for i in infos}
    except Exception:
        return flip_bytes(data, rng)
    names = [n for n in parts if n.endswith((".xml", ".rels"))]
    if not names:
        return flip_bytes(data, rng)
    target = "word/document.xml" if "word/document.xml" in parts and rng.random() < 0.6 else rng.choice(names)
    if rng.random() < 0.1:
        parts.pop(target)  # a missing part
    else:
        parts[target] = xml_mutation(parts[target], rng)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in parts.items():
            zout.writestr(name, body)
    return buf.getvalue()


def text_mutation(data: bytes, rng: random.Random) -> bytes:
    """Odd characters, another encoding, long lines or repeated lines in a text file."""
    text = data.decode("utf-8", "replace")
    kind = rng.choice(["odd", "odd", "encoding", "long_line", "repeat_lines", "tabs"])
    if kind == "odd":
        for _ in range(rng.randint(1, 10)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(ODD_TEXT) + text[at:]
        return text.encode("utf-8")
    if kind == "encoding":
        return text.encode(rng.choice(["utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32"]), "replace")
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    if kind == "long_line":
        lines[i] = lines[i] * rng.randint(50, 2000)
    elif kind == "repeat_lines":
        lines[i:i] = lines[i : i + rng.randint(1, 20)] * rng.randint(2, 100)
    else:
        lines[i] = "\t".join(lines[i].split(" "))
    return "\n".join(lines).encode("utf-8")


GENERIC = [flip_bytes, interesting_bytes, truncate, duplicate_chunk, delete_chunk, insert_random]
BY_FORMAT = {
    ".pdf": [pdf_numbers, pdf_keywords, pdf_content_stream, pdf_content_stream],
    ".docx": [docx_member, docx_member, docx_member],
    ".txt": [text_mutation, text_mutation, text_mutation],
}


def mutate(data: bytes, ext: str, rng: random.Random, seeds: list[bytes]) -> tuple[bytes, list[str]]:
    """Apply one to three mutations; return the bytes and the names of the mutations applied."""
    applied = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        if rng.random() < 0.05:
            data, name = splice(data, rng, rng.choice(seeds)), "splice"
        else:
            fn = rng.choice(GENERIC + BY_FORMAT.get(ext, []) * 2)
            data, name = fn(data, rng), fn.__name__
        applied.append(name)
    return data, applied


# ------------------------------------------------------------------------------------------- workers


def check_input(path: str, full: bool) -> dict:
    """process_file's steps on one file, keeping the traceback of anything other than ExtractionError.

    ``read_document`` always; with ``full`` also ``analyse`` and the typed frames, exactly what
    ``process_file`` and the writers run (process_file itself only adds the catch-all that turns a
    crash into an "internal error" row, which would hide the traceback).
    """
    from plansift.extractors.base import ExtractOptions, read_document
    from plansift.extractors.model import ExtractionError
    from plansift.output.schema import documents_frame, entities_frame, records_frame
    from plansift.pipeline import analyse

    options = ExtractOptions(ocr=False)
    try:
        doc = read_document(path, options)
    except ExtractionError as exc:
        return {"outcome": "rejected", "message": str(exc)[:300]}
    except Exception:
        return {"outcome": "crash", "stage": "read_document", "traceback": traceback.format_exc()}
    if not full:
        return {"outcome": "ok"}
    try:
        records, entities, area = analyse(doc, document_name=Path(path).name, sha256="0" * 64)
        records_frame(records)
        entities_frame(entities)
        documents_frame(
            [{"document": Path(path).name, "status": "ok", "pages": doc.n_pages, "area": area and area.name}]
        )
    except Exception:
        return {"outcome": "crash", "stage": "analyse", "traceback": traceback.format_exc()}
    return {"outcome": "ok", "records": len(records)}


def _serve(conn) -> None:
    import logging
    import warnings

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    logging.disable(logging.CRITICAL)  # pdfminer's complaints about broken files are expected here
    warnings.simplefilter("ignore")
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(check_input(*job))


@dataclass
class Worker:
    ctx: object
    process: object = None
    conn: object = None
    job: tuple | None = None
    started: float = 0.0
    start_needed: bool = False

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.process = self.ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.conn, self.job = parent, None

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass
class Session:
    tried: int = 0
    outcomes: Counter = field(default_factory=Counter)
    by_format: Counter = field(default_factory=Counter)
    signatures: dict = field(default_factory=dict)


def signature(result: dict) -> str:
    """A crash's identity: exception type and the innermost plansift frame (file:function)."""
    tb = result.get("traceback") or ""
    if result["outcome"] in ("hang", "died"):
        return result["outcome"]
    frames = re.findall(r'File "([^"]*plansift/[^"]+)", line \d+, in (\w+)', tb)
    last_line = tb.strip().splitlines()[-1] if tb.strip() else "?"
    exc = last_line.split(":")[0]
    where = f"{frames[-1][0].split('plansift/')[-1]}:{frames[-1][1]}" if frames else result.get("stage", "?")
    return f"{exc} at {where}"


def save_finding(session: Session, result: dict, data: bytes, ext: str, seed: str, applied: list[str]) -> None:
    sig = signature(result)
    slug = hashlib.sha1(sig.encode()).hexdigest()[:10]
    folder = CRASH_DIR / slug
    folder.mkdir(parents=True, exist_ok=True)
    entry = session.signatures.setdefault(
        sig, {"count": 0, "folder": str(folder.relative_to(ROOT)), "examples": [], "traceback": result.get("traceback")}
    )
    entry["count"] += 1
    if len(entry["examples"]) < 5:
        name = f"{hashlib.sha1(data).hexdigest()[:12]}{ext}"
        (folder / name).write_bytes(data)
        entry["examples"].append({"file": name, "bytes": len(data), "seed": seed, "mutations": applied})
        (folder / "traceback.txt").write_text(result.get("traceback") or result["outcome"])


def run(minutes: float, workers: int, timeout: float, seed: int, analyse_share: float) -> Session:
    import plansift.pipeline  # noqa: F401  (loaded before forking: workers start warm)
    from plansift.extractors.base import registered

    registered()
    rng = random.Random(seed)
    seeds = [
        p
        for d in SEED_DIRS
        if d.is_dir()
        for p in sorted(d.iterdir())
        if p.suffix.lower() in SEED_EXTENSIONS and p.stat().st_size <= MAX_SEED_BYTES
    ]
    seed_bytes = {p: p.read_bytes() for p in seeds}
    CRASH_DIR.mkdir(parents=True, exist_ok=True)
    (CRASH_DIR / ".gitignore").write_text("*\n")
    scratch = CRASH_DIR / ".scratch"
    scratch.mkdir(exist_ok=True)
    ctx = mp.get_context("fork")
    pool = [Worker(ctx) for _ in range(workers)]
    for w in pool:
        w.start()
    session = Session()
    deadline = time.monotonic() + minutes * 60
    from multiprocessing.connection import wait

    try:
        while time.monotonic() < deadline or any(w.job for w in pool):
            for i, w in enumerate(pool):
                if w.job is None and time.monotonic() < deadline:
                    src = rng.choice(seeds)
                    data, applied = mutate(seed_bytes[src], src.suffix.lower(), rng, list(seed_bytes.values()))
                    while len(data) > MAX_INPUT_BYTES:
                        data, applied = mutate(seed_bytes[src], src.suffix.lower(), rng, list(seed_bytes.values()))
                    path = scratch / f"w{i}{src.suffix.lower()}"
                    path.write_bytes(data)
                    w.job, w.started = (data, src.suffix.lower(), src.name, applied), time.monotonic()
                    w.conn.send((str(path), rng.random() < analyse_share))
            busy = [w for w in pool if w.job]
            if not busy:
                break
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            for w in busy:
                result = None
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is None and (w.process.sentinel in ready or not w.process.is_alive()):
                    result = {"outcome": "died", "traceback": f"worker died, exit code {w.process.exitcode}"}
                    w.kill()
                    w.start_needed = True
                elif result is None and time.monotonic() - w.started > timeout:
                    result = {"outcome": "hang", "traceback": f"no result after {timeout:g} s"}
                    w.kill()
                    w.start_needed = True
                if result is None:
                    continue
                data, ext, src_name, applied = w.job
                session.tried += 1
                session.outcomes[result["outcome"]] += 1
                session.by_format[ext] += 1
                if result["outcome"] in ("crash", "hang", "died"):
                    save_finding(session, result, data, ext, src_name, applied)
                w.job = None
                if w.start_needed:
                    w.start_needed = False
                    w.start()
    finally:
        for w in pool:
            w.kill()
    return session


def write_summary(session: Session, args: argparse.Namespace, seconds: float) -> dict:
    summary = {
        "minutes": args.minutes,
        "seconds": round(seconds, 1),
        "seed": args.seed,
        "workers": args.workers,
        "timeout": args.timeout,
        "analyse_share": args.analyse_share,
        "inputs_tried": session.tried,
        "by_format": dict(session.by_format),
        "outcomes": dict(session.outcomes),
        "distinct_findings": len(session.signatures),
        "findings": session.signatures,
    }
    (CRASH_DIR / "summary.json").write_text(json.dumps(summary, indent=2))
    lines = [
        "# Fuzz session",
        "",
        f"{session.tried:,} inputs in {seconds / 60:.1f} min (seed {args.seed}, {args.workers} workers, "
        f"timeout {args.timeout:g} s): " + ", ".join(f"{k} {v:,}" for k, v in sorted(session.outcomes.items())),
        "",
        "| finding | inputs | folder |",
        "|---|---|---|",
    ]
    for sig, entry in sorted(session.signatures.items(), key=lambda kv: -kv[1]["count"]):
        lines.append(f"| `{sig}` | {entry['count']} | {entry['folder']} |")
    (CRASH_DIR / "summary.md").write_text("\n".join(lines) + "\n")
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fuzz plansift's extractors and pipeline with mutated corpus files.")
    parser.add_argument("--minutes", type=float, default=3.0, help="how long to fuzz")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before an input counts as a hang")
    parser.add_argument("--seed", type=int, default=1, help="random seed (a session is reproducible)")
    parser.add_argument(
        "--analyse-share",
        type=float,
        default=0.2,
        help="share of the inputs read that also go through recognition (slow: seconds a document)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    session = run(args.minutes, args.workers, args.timeout, args.seed, args.analyse_share)
    summary = write_summary(session, args, time.monotonic() - started)
    print((CRASH_DIR / "summary.md").read_text())
    for sig, entry in summary["findings"].items():
        print(f"--- {sig} ({entry['count']} inputs, {entry['folder']})")
        print((entry.get("traceback") or "")[-1500:])


if __name__ == "__main__":
    main()
