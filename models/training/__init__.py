"""Training, export and evaluation of convolutional Orderless NADE models (docs/training.md)."""
import os
import shlex

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def command_line(argv: list[str]) -> str:
    """The shell command that reruns `python3 -m models.training ARGV` (recorded in cards and results)."""
    return " ".join(shlex.quote(x) for x in ["python3", "-m", "models.training"] + argv)
