"""Commands that need no model must not import one: the module-level imports of the CLI and its
plugins stay free of spaCy, Presidio, torch, transformers and scikit-learn (#17). A behaviour
test on sys.modules in a fresh interpreter, not a timing test (timings live in bench/)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "presidio_analyzer", "torch", "transformers", "sklearn", "jieba")

PROBE = """
import json, sys
import bot.cli.main
parser = bot.cli.main.build_parser()
for argv in {argvs!r}:
    try:
        parser.parse_args(argv)
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in {heavy!r} if sys.modules.get(m) is not None)))
"""


def _heavy_after(argvs: list[list[str]]) -> list[str]:
    code = PROBE.format(argvs=argvs, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_parser_and_plugins_import_no_model_library() -> None:
    assert _heavy_after([["store", "export"], ["audit", "list"], ["keys", "status"], ["users", "list"],
                         ["outbox", "list"], ["shop", "check"], ["redact"], ["chat"], ["serve"]]) == []


# Building the parser (every command does, `--help` does nothing else) must not open the storage
# stack either: SQLAlchemy, the database layer, cryptography and the shop backends are imported by
# the commands that use them (audit, users, shop, store), not by the plugins' register().
PARSER_ONLY = ("sqlalchemy", "bot.db", "cryptography", "bot.shop", "bot.web.staff.users", "privacy.audit",
               "privacy.keys", "aiohttp")


def test_help_and_parsing_import_no_storage_library() -> None:
    code = PROBE.format(argvs=[["--help"], ["keys", "--help"], ["users", "--help"], ["audit", "list"],
                               ["users", "list"], ["shop", "check"], ["store", "export"]], heavy=PARSER_ONLY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_users_roles_are_the_stores_roles() -> None:
    # `users --help` lists the roles from the light module; the store checks against the same objects.
    from bot.web.staff import roles, users
    assert users.ROLES is roles.ROLES and users.UserError is roles.UserError


def test_probe_sees_a_heavy_import() -> None:
    # The probe itself must be able to fail: importing the redactor does load spaCy and Presidio.
    code = PROBE.format(argvs=[], heavy=HEAVY).replace("import bot.cli.main\n", "import bot.cli.main, privacy.redactor\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=300)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert "spacy" in found and "presidio_analyzer" in found
    # ...and the redactor does not drag torch/transformers in with them (privacy/_presidio.py).
    assert "torch" not in found and "transformers" not in found


@pytest.mark.parametrize("command", [["serve"], ["chat"], ["redact"]])
def test_wrong_setting_reported_before_models_load(command: list[str], tmp_path: Path) -> None:
    code = ("import sys, runpy\n"
            "sys.argv = ['aftersales', *sys.argv[1:]]\n"
            "from bot.cli.main import main\n"
            "rc = main(sys.argv[1:])\n"
            f"print('HEAVY', sorted(m for m in {HEAVY!r} if sys.modules.get(m) is not None))\n"
            "sys.exit(rc)\n")
    env = {"PATH": "/usr/bin:/bin", "AFTERSALES_SERVER_PORT": "not-a-port", "AFTERSALES_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code, *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2
    assert "AFTERSALES_SERVER_PORT" in proc.stderr
    assert "HEAVY []" in proc.stdout


def test_long_step_reports_start_ticks_and_done_with_estimate(caplog: pytest.LogCaptureFixture) -> None:
    import time

    from bot.core.progress import long_step

    with caplog.at_level("INFO", logger="aftersales.progress"), long_step("training x", estimate_s=20, every=0.05):
        time.sleep(0.3)
    states = [r.fields["state"] for r in caplog.records if r.name == "aftersales.progress"]
    assert states[0] == "start" and states[-1] == "done" and "running" in states
    first = caplog.records[0]
    assert first.fields["estimate_s"] == 20 and "about 20 s" in first.getMessage()


def test_interactive_progress_is_plain_text_on_stderr() -> None:
    code = ("import logging, time\n"
            "from bot.core.progress import long_step, plain_progress_on_stderr\n"
            "logging.basicConfig(level=logging.WARNING)\n"
            "plain_progress_on_stderr()\n"
            "with long_step('training the intent model', estimate_s=7):\n"
            "    pass\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    lines = proc.stderr.splitlines()
    assert lines[0] == "aftersales: training the intent model (first run only; about 7 s)"
    assert lines[-1].startswith("aftersales: training the intent model: done in ")
    assert not any(line.startswith("{") for line in lines)
