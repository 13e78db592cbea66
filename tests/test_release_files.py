"""The release's files that cannot run here: the Windows installer script (Inno Setup) and the release
workflow (GitHub Actions) are read and checked for what a shop and a maintainer rely on; the helpers they
call (icon, licences, smoke test) run."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "langganan.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
# What installer/build.py and installer/langganan.spec make (the Windows program is langganan.exe):
BUILD_LAYOUT = {"dist/langganan/langganan.exe", "dist/langganan/_internal/", "dist/langganan/licenses/"}


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def iss_sections(text: str) -> dict[str, list[str]]:
    """[Section] → its lines, without comments and blank lines (the [Code] section kept whole)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\[\w+\]", stripped):
            current = stripped[1:-1]
            sections[current] = []
        elif current and stripped and (current == "Code" or not stripped.startswith(";")):
            sections[current].append(stripped)
    return sections


def directives(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def entries(lines: list[str]) -> list[dict[str, str]]:
    """Name: "x"; Source: "y"; Flags: a b → {'Name': 'x', 'Source': 'y', 'Flags': 'a b'}."""
    found = []
    for line in lines:
        parts = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]+)', line)
        found.append({key: value.strip().strip('"') for key, value in parts})
    return found


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return iss_sections(ISS.read_text(encoding="utf-8"))


def test_the_installer_is_per_user_with_a_fixed_app_id_and_the_version(iss):
    for section in ("Setup", "Languages", "CustomMessages", "Tasks", "Files", "Icons", "Run", "Code"):
        assert section in iss, section
    setup = directives(iss["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"  # no administrator
    assert setup["DefaultDirName"].startswith(("{autopf}", "{userpf}", "{localappdata}\\Programs"))
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppVersion"] == "{#AppVersion}" and setup["AppPublisher"]  # Apps & features
    assert setup["OutputDir"] == "..\\dist" and setup["OutputBaseFilename"] == "langganan-{#AppVersion}-setup"
    assert setup["UninstallDisplayIcon"] == "{app}\\langganan.ico"


def test_the_wizard_speaks_indonesian_and_english(iss):
    languages = {e["Name"]: e["MessagesFile"] for e in entries(iss["Languages"])}
    assert languages == {"id": "languages\\Indonesian.isl", "en": "compiler:Default.isl"}
    fetcher = load(INSTALLER / "inno_languages.py")
    assert fetcher.TARGET == INSTALLER / "languages" / "Indonesian.isl"
    assert fetcher.looks_right(b"[LangOptions]\nLanguageName=Indonesian\n[Messages]\n")
    assert not fetcher.looks_right(b"<html>404: Not Found</html>")
    custom = directives(iss["CustomMessages"])
    used = set(re.findall(r"\{cm:(\w+)", "\n".join(sum(iss.values(), []))))
    used |= set(re.findall(r"CustomMessage\('(\w+)'\)", "\n".join(iss["Code"])))
    for name in used:
        assert f"id.{name}" in custom and f"en.{name}" in custom, name


def test_every_file_the_installer_takes_comes_from_the_build(iss, tmp_path):
    sources = [e["Source"] for e in entries(iss["Files"])]
    assert "..\\dist\\langganan\\*" in sources  # the whole one-folder program
    for source in sources:
        relative = (Path("installer") / source.replace("\\", "/")).as_posix()
        path = Path(relative.replace("installer/../", ""))
        if path.as_posix().startswith("dist/langganan"):
            assert "dist/langganan/langganan.exe" in BUILD_LAYOUT
        elif path.as_posix() == "installer/icons/langganan.ico":
            made = load(INSTALLER / "make_ico.py")
            assert made.TARGET == ROOT / path
            assert made.make_ico(tmp_path / "langganan.ico", tmp_path).read_bytes()[:4] == b"\x00\x00\x01\x00"
        else:
            assert (ROOT / path).is_file(), path
    spec = INSTALLER / "langganan.spec"
    if spec.is_file():  # the PyInstaller spec names the program and its folder langganan
        assert re.search(r"name\s*=\s*['\"]langganan['\"]", spec.read_text(encoding="utf-8"))


def test_the_shortcuts_start_the_program_with_its_icon(iss):
    icons = entries(iss["Icons"])
    assert {e["Name"] for e in icons} == {"{autoprograms}\\{#AppName}", "{autodesktop}\\{#AppName}"}
    for icon in icons:
        assert icon["Filename"] == "{app}\\{#AppExeName}" and icon["IconFilename"] == "{app}\\langganan.ico"
    assert '#define AppExeName "langganan.exe"' in ISS.read_text(encoding="utf-8")


def test_uninstalling_keeps_the_shops_data_unless_asked(iss, monkeypatch):
    code = "\n".join(iss["Code"])
    assert "ExpandConstant('{localappdata}\\Langganan')" in code
    assert "MB_DEFBUTTON2" in code  # No is the default answer
    assert "UninstallSilent()" in code  # a silent uninstall never deletes it
    assert re.search(r"if DeleteShopData then\s+DelTree\(ShopDataDir\(\)", code)
    custom = directives(iss["CustomMessages"])
    for lang in ("id", "en"):  # the warning names the folder and the last backup
        assert "%1" in custom[f"{lang}.DeleteDataQuestion"] and "%2" in custom[f"{lang}.DeleteDataQuestion"]
    assert not any("{localappdata}" in e.get("Name", "") for e in entries(iss.get("UninstallDelete", [])))
    # the folder is where the program keeps its data on Windows (platformdirs, as pos.settings asks it)
    from platformdirs.windows import Windows

    monkeypatch.setenv("LOCALAPPDATA", "C:\\Users\\Siti Nur'aini\\AppData\\Local")
    monkeypatch.setattr("platformdirs.windows.get_win_folder",
                        lambda name: "C:\\Users\\Siti Nur'aini\\AppData\\Local", raising=False)
    dirs = Windows(appname="Langganan", appauthor=False)
    assert dirs.user_data_dir.replace("/", "\\") == "C:\\Users\\Siti Nur'aini\\AppData\\Local\\Langganan"
    assert dirs.user_config_dir == dirs.user_data_dir  # settings.toml lives there too


# --- the release workflow ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_runs_on_a_tag_on_windows_and_linux(workflow):
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger["push"]["tags"] == ["v*"]
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["os"] == ["windows-latest", "ubuntu-latest"]
    assert build["env"]["POS_TEST_ENGINES"] == "sqlite" and build["env"]["QT_QPA_PLATFORM"] == "offscreen"
    steps = build["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    commands = "\n".join(s.get("run", "") for s in steps)
    order = ["pip install \".[test]\"", "-m pytest", "installer/make_ico.py", "installer/inno_languages.py",
             "installer/build.py", "installer/smoke.py"]
    positions = [commands.index(c) for c in order]
    assert positions == sorted(positions)
    for script in ("make_ico.py", "inno_languages.py", "smoke.py", "licenses.py"):
        assert (INSTALLER / script).is_file()


def test_the_workflow_attaches_the_installer_and_the_tarball(workflow):
    release = workflow["jobs"]["release"]
    assert release["needs"] == "build" and release["permissions"]["contents"] == "write"
    attach = next(s for s in release["steps"] if s.get("uses", "").startswith("softprops/action-gh-release"))
    files = attach["with"]["files"].split()
    assert files == ["dist/langganan-*-setup.exe", "dist/langganan-*-linux-x86_64.tar.gz"]
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith(
        "actions/upload-artifact"))
    assert upload["with"]["path"].split() == files


def test_the_tag_check_accepts_the_programs_version_only(workflow):
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "The tag is the program's version")
    command = step["run"].split('" "${{', 1)[0][len('python -c "'):].replace('\\"', '"')
    from pos import __version__

    ok = subprocess.run([sys.executable, "-c", command, f"v{__version__}"], cwd=ROOT, capture_output=True)
    wrong = subprocess.run([sys.executable, "-c", command, "v9.9.9"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert wrong.returncode != 0 and "is not v" in wrong.stderr


# --- licences ------------------------------------------------------------------------------------


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.match(r"[A-Za-z0-9_.-]+", d).group() for d in project["dependencies"]]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_committed_notices_name_every_dependency_and_the_qt_lgpl():
    text = (INSTALLER / "licenses" / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    listed = {norm(line.split()[0]) for line in text.splitlines() if line and not line[0].isspace()}
    missing = [d for d in runtime_dependencies() if norm(d) not in listed]
    assert missing == [], "rewrite it: python installer/licenses.py --summary"
    assert "LGPL-3.0" in text and "replace with" in text.replace("\n", " ")
    assert "Langganan itself" in text


def test_the_build_puts_every_licence_text_in_the_program_folder(tmp_path):
    collected = load(INSTALLER / "licenses.py").collect(tmp_path / "licenses")
    names = {p.relative_to(tmp_path / "licenses").as_posix() for p in collected}
    assert {"LGPL-3.0.txt", "GPL-3.0.txt", "THIRD-PARTY-NOTICES.txt"} <= names
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (tmp_path / "licenses" / "LGPL-3.0.txt").read_text()
    folders = {n.split("/")[0].rsplit("-", 1)[0].lower() for n in names if "/" in n}
    for package in ("peewee", "reportlab", "python-escpos", "babel", "phonenumbers", "num2words",
                    "platformdirs", "openpyxl", "psycopg"):
        assert package in folders, package
    assert "Permission is hereby granted" in next((tmp_path / "licenses").glob("peewee-*/LICENSE")).read_text()


def test_the_smoke_test_passes_on_the_program_from_source():
    """installer/smoke.py against `python -m pos`: the same steps the release runs on the built program."""
    result = subprocess.run([sys.executable, str(INSTALLER / "smoke.py"), sys.executable, "-m", "pos"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("info (the demo shop)", "recap --pdf", "print-test --printer file://",
                 "the window opens offscreen and closes"):
        assert f"ok      {step}" in result.stdout
    assert result.stdout.rstrip().endswith("smoke test passed")


def test_the_smoke_test_fails_when_a_step_fails(tmp_path):
    broken = tmp_path / "pos-that-fails.py"
    broken.write_text("import sys\nprint('Langganan 0.1.0')\nsys.exit(0 if '--version' in sys.argv else 3)\n")
    result = subprocess.run([sys.executable, str(INSTALLER / "smoke.py"), sys.executable, str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "FAILED  info (a new database) (exit 3" in result.stderr
