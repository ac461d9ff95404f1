"""Only regular files: a FIFO, a device, a socket, a folder or a link to nothing is refused
with a message that says what it is, before anything opens it (so nothing hangs), as a data
file, as an import and as ``-o``; ``-o`` onto a symbolic link writes the file it points to
and says so.

The CLI runs in a subprocess with a time limit and a memory limit, so code that would block
on a FIFO or read ``/dev/zero`` for ever fails the test instead of hanging the machine.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storeops.file_kinds import (
    DanglingLink,
    FileTooLarge,
    NotRegularFile,
    check_regular,
    output_target,
    read_regular,
)
from storeops.i18n import set_language
from storeops.storage import DataStore, WriteFailed, read_sources, write_file

REPO = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 2 * 1024**3  # address space of a CLI run here: /dev/zero must not eat the machine

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets are POSIX"),
    pytest.mark.timeout(120),  # old code blocks on a FIFO: fail, never hang
]


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``storeops ARGS`` in a subprocess (the pinned clock and the isolated folders are in
    the environment), limited in time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "storeops", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        preexec_fn=_limit_memory,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for a socket name
        pytest.skip(f"cannot make a socket here: {exc}")
    try:
        yield path
    finally:
        server.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with a profile, ready for commands."""
    root = tmp_path / "data"
    result = cli("--data-dir", root, "setup", "--store-code", "S1", "--store-name", "N",
                 "--manager", "M")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return root


# --- the checks themselves ---------------------------------------------------------------


def test_each_kind_is_named_without_opening_it(
    tmp_path: Path, fifo: Path, unix_socket: Path
) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert check_regular(tmp_path / "file.txt").st_size == 1
    cases = {
        fifo: "named pipe (FIFO)",
        Path("/dev/null"): "a device",
        unix_socket: "a socket",
        tmp_path: "a folder",
    }
    for path, said in cases.items():
        with pytest.raises(NotRegularFile, match=re.escape(said)):
            check_regular(path)
        with pytest.raises(NotRegularFile, match=re.escape(said)):
            read_regular(path)  # returns at once, never blocks or reads for ever
    with pytest.raises(DanglingLink, match="does not exist"):
        read_regular(tmp_path / "dangling")
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(5_000_001)  # sparse: costs no disk
    with pytest.raises(FileTooLarge, match="5 MB allowed"):
        read_regular(big, limit=5_000_000)
    assert len(read_regular(big, limit=5_000_001)) == 5_000_001


def test_messages_in_chinese(fifo: Path) -> None:
    set_language("zh")
    with pytest.raises(NotRegularFile, match="命名管道"):
        check_regular(fifo)


def test_read_sources_names_what_is_not_a_file(tmp_path: Path, fifo: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "good.toml").write_text("id = 'x'")
    os.mkfifo(templates / "pipe.toml")
    (templates / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
    found = {Path(s.path).name: s for s in read_sources([templates])}
    assert found["good.toml"].error is None and found["good.toml"].data == b"id = 'x'"
    assert "named pipe" in (found["pipe.toml"].error or "")
    assert "does not exist" in (found["gone.toml"].error or "")
    [whole] = read_sources([tmp_path], suffix="", folders=False)
    assert "a folder" in (whole.error or "")
    [pipe] = read_sources([fifo], suffix="")
    assert "named pipe" in (pipe.error or "")


# --- a data file --------------------------------------------------------------------------


def test_a_fifo_as_a_data_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "data"
    DataStore.open(root).close()
    os.mkfifo(root / "drafts.json")
    with DataStore.open(root) as store:  # the old code blocked here for ever
        assert any("drafts.json" in p and "named pipe" in p for p in store.problems)
        assert store.collection("drafts").all() == []
        with pytest.raises(WriteFailed):
            store.collection("drafts").put({"id": "d1"})
    assert (root / "drafts.json").is_fifo()


def test_a_device_as_a_data_file_is_reported_not_moved_aside(tmp_path: Path) -> None:
    root = tmp_path / "data"
    DataStore.open(root).close()
    (root / "staff.json").symlink_to("/dev/null")
    with DataStore.open(root) as store:
        assert any("staff.json" in p and "a device" in p for p in store.problems)
    assert (root / "staff.json").is_symlink()  # not taken for an empty file and moved aside
    assert not list(root.glob("staff.json.corrupt-*"))


def test_the_cli_does_not_hang_on_a_fifo_profile(folder: Path) -> None:
    (folder / "profile.json").unlink()
    os.mkfifo(folder / "profile.json")
    listed = cli("--data-dir", folder, "staff", "list")  # old: blocked choosing the language
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    report = cli("--data-dir", folder, "doctor")
    assert report.returncode == 1
    assert f"{folder / 'profile.json'} cannot be read (it is a named pipe (FIFO)" in report.stdout
    assert (folder / "profile.json").is_fifo()


# --- an import ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "said"),
    [("fifo", "a named pipe (FIFO)"), ("/dev/zero", "a device"), ("/etc", "a folder")],
)
def test_an_import_that_is_not_a_file_is_refused(
    folder: Path, fifo: Path, what: str, said: str
) -> None:
    source = fifo if what == "fifo" else Path(what)
    result = cli("--data-dir", folder, "import", "visits", source)
    assert result.returncode == 1, result.stderr
    assert f"cannot read the file: it is {said}, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "runs").exists() or not list((folder / "runs").glob("????-??.json"))


# --- -o ------------------------------------------------------------------------------------


def test_export_to_a_fifo_is_refused_and_the_fifo_kept(folder: Path, fifo: Path) -> None:
    result = cli("--data-dir", folder, "export", "-o", fifo)
    assert result.returncode == 1
    assert f"{fifo} was not written: it is a named pipe (FIFO), not a regular file" in (
        result.stderr
    )
    assert fifo.is_fifo()  # the old code replaced it with a regular file and said "written"
    assert not list(fifo.parent.glob(".*.tmp"))


def test_export_to_a_folder_or_a_link_to_one_is_refused(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    for given in (target, tmp_path / "link"):
        result = cli("--data-dir", folder, "export", "-o", given)
        assert result.returncode == 1
        assert f"{given} was not written: that is a folder; give a file name" in result.stderr
    assert list(target.iterdir()) == []


def test_export_onto_a_link_writes_the_file_it_points_to_and_says_so(
    folder: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "store.csv"
    real.write_text("last week's export")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    result = cli("--data-dir", folder, "export", "-o", link)
    assert result.returncode == 0, result.stderr
    assert f"{link} is a link: wrote the file it points to, {real}" in result.stderr
    assert link.is_symlink() and link.resolve() == real  # the link is kept
    assert real.read_bytes().startswith(b"\xef\xbb\xbfexport_version")
    assert not list(shared.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_export_onto_a_link_to_nothing_is_refused(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "gone" / "store.csv")
    result = cli("--data-dir", folder, "export", "-o", link)
    assert result.returncode == 1
    assert "which does not exist" in result.stderr
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_device_or_socket_is_never_an_output(tmp_path: Path, unix_socket: Path) -> None:
    # Checked without writing: the old code would have replaced /dev/null itself.
    for path in (Path("/dev/null"), unix_socket):
        with pytest.raises(NotRegularFile):
            output_target(path)
        with pytest.raises(WriteFailed, match="was not written"):
            write_file(path, b"x")
    assert Path("/dev/null").is_char_device()
    assert output_target(tmp_path / "new.csv") == tmp_path / "new.csv"


def test_an_export_cleans_up_what_a_killed_one_left(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    stale, fresh = tmp_path / ".export.csv.999999.tmp", tmp_path / ".export.csv.999998.tmp"
    other = tmp_path / ".other.csv.999999.tmp"
    for path in (stale, fresh, other):
        path.write_text("half an export")
    os.utime(stale, (1, 1))
    os.utime(other, (1, 1))
    assert write_file(out, b"a,b\r\n") == out
    assert not stale.exists()  # left by a killed export of this file
    assert fresh.exists()  # may be another export still writing
    assert other.exists()  # another file's: not ours to judge


def test_a_file_written_in_chunks_replaces_the_old_one_only_when_whole(tmp_path: Path) -> None:
    out = tmp_path / "merged.csv"
    out.write_bytes(b"the old merge\r\n")

    def failing() -> Iterator[bytes]:
        yield b"a,b\r\n"
        raise ValueError("a store's file changed while it was merged")

    with pytest.raises(ValueError, match="changed"):
        write_file(out, failing())
    assert out.read_bytes() == b"the old merge\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["merged.csv"]  # no temp file left
    assert write_file(out, iter([b"a,b\r\n", b"1,2\r\n"])) == out
    assert out.read_bytes() == b"a,b\r\n1,2\r\n"
