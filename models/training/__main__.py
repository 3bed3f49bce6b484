"""python3 -m models.training {train,export,evaluate,preview,quantise} … (docs/training.md)."""
import argparse
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python3 -m models.training")
    sub = p.add_subparsers(dest="cmd", required=True)
    from . import train, export, evaluate, preview, quantise
    train.add_args(sub.add_parser("train", help="train an Orderless NADE"))
    export.add_args(sub.add_parser("export", help="write models/<id>/model.onnx + card.json"))
    evaluate.add_args(sub.add_parser("evaluate", help="NLL, hole NLL, sample sheet"))
    preview.add_args(sub.add_parser("preview", help="a few examples a --data-dir run would train on, as PNGs"))
    quantise.add_args(sub.add_parser("quantise", help="measure int8 and fp16 variants (docs/quantisation.md)"))
    a = p.parse_args(argv)
    {"train": train.run, "export": export.run, "evaluate": evaluate.run, "preview": preview.run,
     "quantise": quantise.run}[a.cmd](a, argv)


if __name__ == "__main__":
    main()
