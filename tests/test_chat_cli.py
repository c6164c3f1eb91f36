"""`aftersales chat` shows its prompt while the models load and answers the first message through
the whole pipeline once they are loaded (#17); an error opening the runtime ends the command at
once instead of leaving it hanging."""
from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


class _Terminal(io.StringIO):
    """stdin of a terminal: the customer types the next line only once the prompt is on screen."""

    def __init__(self, lines: list[str], prompted: threading.Event) -> None:
        super().__init__()
        self._lines, self._prompted = lines, prompted

    def isatty(self) -> bool:
        return True

    def readline(self, *_: Any) -> str:   # type: ignore[override]
        self._prompted.wait(300)
        self._prompted.clear()
        return self._lines.pop(0) if self._lines else ""


class _Screen(io.StringIO):
    def __init__(self, prompted: threading.Event) -> None:
        super().__init__()
        self._prompted = prompted              # per prompt: the terminal clears it on each line
        self.first_prompt = threading.Event()  # stays set

    def write(self, s: str) -> int:
        n = super().write(s)
        if s.endswith("you> "):
            self.first_prompt.set()
            self._prompted.set()
        return n


def test_prompt_comes_before_the_models_and_the_answer_after(make_settings: Any, models: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli.main import _chat
    from bot.pipeline.runtime import Runtime

    prompted = threading.Event()
    screen = _Screen(prompted)
    real_open = Runtime.open.__func__     # type: ignore[attr-defined]
    seen_at_open: list[str] = []

    async def held_open(cls: type, *args: Any, **kwargs: Any) -> Any:
        # Opening completes only after the prompt is on screen: a chat that waited for the models
        # before prompting would never prompt (and the wait below would fail the test).
        await asyncio.wait_for(asyncio.to_thread(screen.first_prompt.wait, 300), 300)
        seen_at_open.append(screen.getvalue())
        return await real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Runtime, "open", classmethod(held_open))
    terminal = _Terminal(["我叫张伟，电话13812345678，我的订单到哪了？\n", "where is my order?\n"], prompted)
    assert asyncio.run(_chat(make_settings(), "telegram:1001", False, terminal, screen)) == 0
    out = screen.getvalue()
    assert seen_at_open and seen_at_open[0].endswith("you> ") and "bot>" not in seen_at_open[0]
    assert out.count("bot> ") == 2                      # both messages answered, in order
    assert out.index("bot> ") > out.index("you> ")
    assert "13812345678" not in out and "张伟" not in out   # nothing of the raw message is echoed


def test_an_error_opening_ends_chat_while_input_is_still_open(tmp_path: Path) -> None:
    # stdin stays open (the customer has not typed): the error is reported and the process exits.
    env = {"PATH": "/usr/bin:/bin", "AFTERSALES_DATA_DIR": str(tmp_path), "AFTERSALES_MASTER_KEY": "short",
           "HF_HUB_OFFLINE": "1"}
    err = tmp_path / "stderr.txt"
    with err.open("w") as errf:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "chat"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=errf)
        try:
            rc = proc.wait(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stdin is not None
            proc.stdin.close()
    assert rc == 2
    assert "AFTERSALES_MASTER_KEY" in err.read_text()
