"""Finding the inputs: folders, globs, zip archives, duplicates by content, limits."""

from __future__ import annotations

import shutil
import zipfile

from plansift.corpus.discovery import discover
from plansift.extractors.base import Limits


def test_folders_are_read_recursively_with_names_relative_to_the_root(tmp_path, samples_dir):
    root = tmp_path / "corpus"
    shutil.copytree(samples_dir, root / "plans" / "2008")
    found = discover([root], scratch=tmp_path / "scratch")
    names = [i.name for i in found.inputs]
    assert names == sorted(names)
    assert names == sorted(f"plans/2008/{p.name}" for p in samples_dir.iterdir() if p.is_file())
    assert all(not n.startswith("/") for n in names)
    assert not found.errors


def test_globs_files_and_missing_paths(tmp_path, samples_dir):
    docx = sorted(samples_dir.glob("*.docx"))[0]
    found = discover([str(samples_dir / "*.txt"), docx, tmp_path / "nope"], scratch=tmp_path / "scratch")
    txt = sorted(p.name for p in samples_dir.glob("*.txt"))
    assert [i.name for i in found.inputs] == sorted([*txt, docx.name])
    assert [arg for arg, _ in found.errors] == [str(tmp_path / "nope")]
    assert "no such file" in found.errors[0][1]


def test_the_same_content_reached_twice_is_read_once(tmp_path, samples_dir):
    src = sorted(samples_dir.glob("*.txt"))[0]
    (tmp_path / "a").mkdir()
    shutil.copy(src, tmp_path / "a" / "copy.txt")
    found = discover([samples_dir, tmp_path / "a", src], scratch=tmp_path / "scratch")
    hashes = [i.sha256 for i in found.inputs]
    assert len(hashes) == len(set(hashes))
    assert len(found.duplicates) == 2
    kept = {k for _, k in found.duplicates}
    assert len(kept) == 1 and kept <= {i.name for i in found.inputs}


def test_zip_members_are_inputs_named_inside_the_archive(tmp_path, samples_dir):
    archive = tmp_path / "in" / "plans.zip"
    archive.parent.mkdir()
    txt = sorted(samples_dir.glob("*.txt"))
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(txt[0], f"sub/{txt[0].name}")
        zf.write(txt[1], txt[1].name)
        zf.writestr("__MACOSX/._junk", b"x")
    found = discover([tmp_path / "in"], scratch=tmp_path / "scratch")
    assert [i.name for i in found.inputs] == [f"plans.zip/{txt[1].name}", f"plans.zip/sub/{txt[0].name}"]
    for item in found.inputs:
        assert item.path.is_file() and item.path.parent == tmp_path / "scratch"
        assert item.path.read_bytes() == (txt[1] if item.name.endswith(txt[1].name) else txt[0]).read_bytes()


def test_zip_over_the_decompressed_limit_stops_with_a_clear_error(tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"a" * 5000)
        zf.writestr("b.txt", b"b" * 5000)
    found = discover([archive], scratch=tmp_path / "s", limits=Limits(max_decompressed_bytes=6000))
    assert [i.name for i in found.inputs] == ["big.zip/a.txt"]
    assert "max-decompressed-bytes" in found.errors[0][1]


def test_a_broken_zip_is_an_input_error_not_a_crash(tmp_path):
    bad = tmp_path / "broken.zip"
    good = tmp_path / "ok.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("a.txt", b"hello")
    bad.write_bytes(good.read_bytes()[:-30])
    found = discover([bad], scratch=tmp_path / "s")
    # A truncated archive is either recognised and reported, or not a zip and left to the extractors.
    assert found.errors or [i.name for i in found.inputs] == ["broken.zip"]


def test_the_output_folder_is_never_an_input(tmp_path, samples_dir):
    shutil.copytree(samples_dir, tmp_path / "corpus")
    out = tmp_path / "corpus" / "out"
    out.mkdir()
    (out / "records.csv").write_text("record_id\n")
    found = discover([tmp_path / "corpus"], scratch=tmp_path / "s", exclude=[out])
    assert not any(i.name.startswith("out/") for i in found.inputs)


def test_a_linked_file_keeps_its_place_and_special_files_are_reported(tmp_path, samples_dir):
    import os

    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    plan = sorted(samples_dir.glob("*.txt"))[0]
    os.symlink(plan, root / "sub" / "linked.txt")
    os.symlink(tmp_path / "nowhere", root / "broken.txt")
    os.symlink(samples_dir, root / "folder-link")
    found = discover([root], scratch=tmp_path / "s")
    assert [i.name for i in found.inputs] == ["sub/linked.txt"]
    errors = dict(found.errors)
    assert "broken or loops" in errors[str(root / "broken.txt")]
    assert "not followed" in errors[str(root / "folder-link")]


def test_a_file_over_the_size_limit_is_not_read_whole_to_hash_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3_000_000)
    other = tmp_path / "other.txt"
    other.write_bytes(b"x" * 3_000_001)
    found = discover([tmp_path], scratch=tmp_path / "s", limits=Limits(max_bytes=1000))
    assert len({i.sha256 for i in found.inputs}) == 2  # same first MiB, different sizes: two inputs


def test_a_file_name_that_is_not_utf8_becomes_valid_text(tmp_path, samples_dir):
    import os

    root = tmp_path / "in"
    root.mkdir()
    raw = os.path.join(os.fsencode(root), b"latin1-\xa3.txt")
    with open(raw, "wb") as fh:
        fh.write(sorted(samples_dir.glob("*.txt"))[0].read_bytes())
    found = discover([root], scratch=tmp_path / "s")
    (item,) = found.inputs
    assert item.name == "latin1-\\xa3.txt"
    item.given.encode("utf-8")  # valid text for every writer
    assert item.path.read_bytes()  # and the file is still read from its real name
