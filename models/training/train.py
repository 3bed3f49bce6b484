"""`train`: Orderless NADE training with checkpoints, exact resume, a CSV log and progress reports
(human lines or the JSON-lines protocol of progress.py), on one device or several processes
under torchrun; optionally exported to a model folder at the end (docs/training.md)."""
from __future__ import annotations

import csv
import math
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

import torch

from . import command_line, data as data_mod, distributed
from .base_model import MODEL_ID, load_base
from .devices import DEVICES, hardware, pick_device
from .folder_data import EXAMPLE_MODES, load_image_folder
from .jsonfile import write_json_atomic
from .model import TrainNet, count_parameters, grow_from
from .nets import from_config
from .objective import draw_masks, masked_loss, single_ordering_nll
from .progress import PROTOCOL, Progress
from .unet import UNetTrain

# Named sizes of a fresh resnet (`--net-size`); `large` is emoji-64's shape.
NET_SIZES = {
    "tiny": dict(blocks=1, features=16, dilations=[1]),
    "small": dict(blocks=4, features=48, dilations=[1, 2, 4, 8]),
    "medium": dict(blocks=8, features=64, dilations=[1, 2, 4, 8]),
    "large": dict(blocks=16, features=64, dilations=[1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 16]),
}
FRESH = dict(arch="resnet", blocks=3, features=64, dilations="1", widths="64,128,160,192", level_blocks="1,1,1,2",
             norm="bn", lr=2e-3, warmup=200)
# Fine-tuning a model folder: emoji-64's from-folder runs rose at 1.5e-4 and fell at 5e-5 with a
# 20-step warm-up (docs/training.md), so these are the defaults with --base.
FINE_TUNE = dict(lr=5e-5, warmup=20)
DATA_DIR_DEFAULTS = dict(size=64, levels=32, background=[255, 255, 255])
# what a base model fixes: none of these may be given with --base
FIXED_BY_BASE = ("arch", "blocks", "features", "dilations", "widths", "level_blocks", "net_size", "size",
                 "levels", "background", "grow_from")


def add_args(p):
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", help="mnist | emoji (built-in sets), or PATH (a folder, the older loader)")
    src.add_argument("--data-dir", help="a folder of your own images (any size; PNG, JPEG, GIF, WebP, BMP)")
    p.add_argument("--examples", default="crop", choices=EXAMPLE_MODES,
                   help="--data-dir: random crops at the model's size (default) or whole images resized")
    p.add_argument("--base", default=None,
                   help="fine-tune a model folder (or a bundled model's id): its architecture, weights, levels, "
                        "channels, size and background")
    p.add_argument("--net-size", default=None, choices=list(NET_SIZES),
                   help="a fresh resnet of a named size (tiny, small, medium, large; see docs/training.md)")
    p.add_argument("--size", type=int, default=None, help="image side H = W (default: mnist 28, others 64)")
    p.add_argument("--levels", type=int, default=None, help="K per channel (default: mnist 2, others 32)")
    p.add_argument("--channels", default="auto", help="auto | 1 | 3")
    p.add_argument("--background", default=None,
                   help="--data-dir with a fresh net: R,G,B that alpha is composited on (default 255,255,255)")
    p.add_argument("--binarize", default="dynamic", choices=["dynamic", "threshold"],
                   help="MNIST K=2: dynamic Bernoulli binarization (test fixed, seeded) or the linear threshold")
    p.add_argument("--skin-tones", action="store_true", help="emoji: include skin-tone variants")
    p.add_argument("--twemoji", action="store_true",
                   help="emoji: also train on Twemoji's drawings of the training code points (val/test stay Noto; "
                        f"{data_mod.TWEMOJI_INSTALL} first)")
    p.add_argument("--arch", default=None, choices=["resnet", "unet"])
    p.add_argument("--blocks", type=int, default=None, help="resnet: residual blocks (default 3)")
    p.add_argument("--widths", default=None, help="unet: channels per level, full resolution first")
    p.add_argument("--level-blocks", default=None, help="unet: residual blocks per level (each way)")
    p.add_argument("--features", type=int, default=None, help="resnet: channels (default 64)")
    p.add_argument("--kernel", type=int, default=3)
    p.add_argument("--dilations", default=None, help="comma list, cycled to 2·blocks numbers (default 1)")
    p.add_argument("--encoding", default="onehot", choices=["onehot", "scalar"])
    p.add_argument("--norm", default=None, choices=["bn", "none"], help="batch norm (folded at export; default bn)")
    p.add_argument("--blob-frac", type=float, default=0.5,
                   help="fraction of masks that are contiguous blobs (rest uniform random subsets)")
    p.add_argument("--hole-frac", type=float, default=0.0,
                   help="fraction of masks that are a random subset of a painted hole (blob or rectangle), "
                        "the rest known: the states an inpainting Gibbs chain conditions on")
    p.add_argument("--channel-frac", type=float, default=0.0,
                   help="share of examples whose hole keeps its first 1..C−1 channels known (colour)")
    p.add_argument("--flip", action="store_true", help="random horizontal flips")
    p.add_argument("--batch", type=int, default=64, help="examples per step, over all processes together")
    p.add_argument("--lr", type=float, default=None, help="peak learning rate (default 2e-3; 5e-5 with --base)")
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--minutes", type=float, default=None, help="stop after this much training time")
    p.add_argument("--stop-at", type=int, default=None,
                   help="checkpoint and stop at this step without ending the schedule (resume later)")
    p.add_argument("--warmup", type=int, default=None, help="linear lr warm-up steps (default 200; 20 with --base)")
    p.add_argument("--val-every", type=int, default=500, help="steps between validation estimates")
    p.add_argument("--val-every-minutes", type=float, default=None,
                   help="also validate when this many minutes have passed since the last validation")
    p.add_argument("--val-images", type=int, default=None,
                   help="validation examples, fixed masks (more than the split cycles through it again with other "
                        "masks); default 1000, with --data-dir 4 masks per validation example (at most 1000)")
    p.add_argument("--ckpt-every", type=float, default=120.0, help="seconds between checkpoints")
    p.add_argument("--out", required=True, help="run folder: ckpt.pt, best.pt, log.csv, run.json")
    p.add_argument("--resume", action="store_true", help="continue from OUT/ckpt.pt")
    p.add_argument("--model-out", default=None,
                   help="at the end, export best.pt to this model folder (its name is the model's id)")
    p.add_argument("--title", default=None, help="the exported model's title")
    p.add_argument("--grow-from", default=None,
                   help="a trained run's best.pt, or a shipped model folder (with --norm none: its weights have "
                        "batch norm folded in): start this net from it, with a fresh schedule (same features; "
                        "its blocks first, any extra blocks as the identity)")
    p.add_argument("--new-lr-mult", type=float, default=1.0,
                   help="with --grow-from: the parameters the trained net lacks (the added blocks) "
                        "train at this multiple of the lr")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", choices=DEVICES)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    p.add_argument("--distributed", action="store_true",
                   help="require torchrun (DistributedDataParallel); under torchrun it is on anyway")
    p.add_argument("--progress", default="text", choices=["text", "jsonl"],
                   help="human lines, or one JSON object per line on stdout (the app's protocol)")
    p.add_argument("--report-every", type=float, default=None,
                   help="seconds between step reports (default 10; 1 with --progress jsonl)")
    p.add_argument("--sheet-every", type=float, default=5.0,
                   help="minutes between sample sheets of the current weights (0 = none)")
    p.add_argument("--sheet-images", type=int, default=2, help="validation images on each sample sheet")
    p.add_argument("--sheet-chains", type=int, default=2, help="inpaintings per hole on a sample sheet")
    p.add_argument("--sheet-steps", type=int, default=64, help="Gibbs steps per inpainting on a sample sheet")


def _ints(text: str) -> list[int]:
    return [int(v) for v in str(text).split(",")]


def lr_at(a, step: int, progress: float) -> float:
    """Linear warm-up, then cosine decay to 5 % over the run (progress in 0..1)."""
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    return a.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


@torch.no_grad()
def validate(net, split, K, encoding, n, device, seed=1234, batch=250):
    """Single-random-ordering NLL estimate (uniform masks only), the same masks every time."""
    was = net.training
    net.eval()
    g = torch.Generator().manual_seed(seed)
    nll = single_ordering_nll(net, split, K, encoding, n, 1, batch, device, g)
    net.train(was)
    return nll.mean().item()


def optimizer(net, new_params: list[str], a) -> torch.optim.Adam:
    """Adam over the net; the parameters named in `new_params` (what --grow-from added) form a
    second group at --new-lr-mult times the lr. The groups' order is fixed, so a resume matches."""
    new = set(new_params)
    groups = [{"params": [p for n, p in net.named_parameters() if n not in new], "lr_mult": 1.0}]
    if new:
        groups.append({"params": [p for n, p in net.named_parameters() if n in new], "lr_mult": a.new_lr_mult})
    return torch.optim.Adam(groups, lr=a.lr, weight_decay=a.weight_decay)


def trained_net(path: str) -> dict:
    """What --grow-from starts from: a run's best.pt, or a shipped model folder (models/<id>)."""
    if not os.path.isdir(path):
        return torch.load(path, map_location="cpu")
    from .base_model import grown_from_folder
    return grown_from_folder(path)


def save_ckpt(path, **state):
    """Temp file + rename: a full disk or a crash leaves the previous checkpoint as it was."""
    tmp = path + ".tmp"
    try:
        torch.save(state, tmp)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise SystemExit(f"could not write {path} ({e.strerror or e}); the previous checkpoint is kept") from None


def check_args(a) -> None:
    """Everything that can be refused before minutes of data loading and training."""
    if a.steps is None and a.minutes is None:
        raise SystemExit("give --steps or --minutes (or both)")
    if a.base:
        given = [f"--{k.replace('_', '-')}" for k in FIXED_BY_BASE if getattr(a, k) is not None]
        given += ["--channels"] * (a.channels != "auto") + ["--norm bn"] * (a.norm == "bn")
        if given:
            raise SystemExit(f"--base fixes the architecture, levels, channels, size and background; drop {', '.join(given)}")
    if a.net_size and any(getattr(a, k) is not None for k in ("arch", "blocks", "features", "dilations")):
        raise SystemExit("--net-size names the architecture: drop --arch, --blocks, --features and --dilations")
    if a.grow_from and (a.arch or "resnet") != "resnet":
        raise SystemExit("--grow-from deepens a resnet (it adds residual blocks after the trained ones)")
    if a.data_dir is None and a.background is not None:
        raise SystemExit("--background is for --data-dir (the built-in sets have their own)")
    if a.model_out is not None:
        name = os.path.basename(os.path.abspath(a.model_out))
        if not MODEL_ID.match(name):
            raise SystemExit(f"--model-out {a.model_out}: the folder's name is the model's id: letters, digits, "
                             "'.', '_' or '-', starting with a letter or digit")
        if os.path.exists(a.model_out) and (not os.path.isdir(a.model_out) or os.listdir(a.model_out)):
            raise SystemExit(f"--model-out {a.model_out} already exists; pick a new folder")


def resolve_defaults(a, fine_tune: bool) -> None:
    """Fill the flags left unset: the fine-tuning defaults with a base, else a fresh net's."""
    for k, v in FRESH.items():
        if getattr(a, k) is None:
            setattr(a, k, FINE_TUNE.get(k, v) if fine_tune else v)
    if a.net_size:
        size = NET_SIZES[a.net_size]
        a.blocks, a.features, a.dilations = size["blocks"], size["features"], ",".join(map(str, size["dilations"]))


def new_net(a, ds: data_mod.DataSet) -> TrainNet | UNetTrain:
    if a.arch == "unet":
        return UNetTrain(ds.C, ds.K, a.encoding, _ints(a.widths), _ints(a.level_blocks), a.kernel, a.norm == "bn")
    return TrainNet(ds.C, ds.K, a.encoding, a.features, a.blocks, a.kernel, _ints(a.dilations), a.norm == "bn")


class StopRequest:
    """SIGTERM or SIGINT asks the run to stop: it finishes the step, writes its checkpoint and
    reports `cancelled`; a second signal stops it at once."""

    def __init__(self):
        self.asked = False

    def _handle(self, signum, frame):
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    @contextmanager
    def installed(self):
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        old = {s: signal.signal(s, self._handle) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield self
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)


class CsvLog:
    """log.csv: `step, seconds, lr, train_nll, val_nll, steps_per_s`; appended to on a resume."""

    def __init__(self, path: str, append: bool, main: bool):
        self.f = None
        if not main:
            return
        new = not (append and os.path.exists(path))
        self.f = open(path, "w" if new else "a", newline="")
        self.w = csv.writer(self.f)
        if new:
            self.w.writerow(["step", "seconds", "lr", "train_nll", "val_nll", "steps_per_s"])

    def row(self, *values):
        if self.f:
            self.w.writerow(values)
            self.f.flush()

    def close(self):
        if self.f:
            self.f.close()


def run(a, argv):
    ranks = distributed.ranks_from_env(a.distributed)
    progress = Progress(a.progress, ranks.main)
    stdout = sys.stdout
    if progress.jsonl:
        sys.stdout = sys.stderr  # the protocol owns stdout; every other line goes to stderr
    try:
        with StopRequest().installed() as stop:
            return Training(a, argv, ranks, progress, stop).run()
    except SystemExit as e:
        if progress.jsonl and isinstance(e.code, str):
            progress("error", message=e.code)
        raise
    except Exception as e:
        if progress.jsonl:
            progress("error", message=f"{type(e).__name__}: {e}")
        raise
    finally:
        sys.stdout = stdout
        distributed.stop(ranks)


class Training:
    """One run: data, net, optimiser and the generator every draw comes from, then the loop."""

    def __init__(self, a, argv, ranks: distributed.Ranks, progress: Progress, stop: StopRequest):
        check_args(a)
        self.a, self.progress, self.stop = a, progress, stop
        if a.threads:
            torch.set_num_threads(a.threads)
        self.device = pick_device(a.device, ranks.local_rank)
        self.ranks = distributed.start(ranks, self.device, a.batch)
        os.makedirs(a.out, exist_ok=True)
        self.ck_path, self.best_path = os.path.join(a.out, "ckpt.pt"), os.path.join(a.out, "best.pt")
        state = self._resume_state()
        base = load_base(a.base) if a.base and state is None else None
        resolve_defaults(a, fine_tune=bool(a.base or (state is not None and state["run"].get("base"))))
        skipped = []
        self.ds = self._load_data(state, base, lambda f, why: skipped.append((f, why)))
        if a.val_images is None:
            a.val_images = min(1000, 4 * len(self.ds.val)) if a.data_dir else 1000
        torch.manual_seed(a.seed)
        self.g = torch.Generator().manual_seed(a.seed)
        net, self.new_params, commands = self._net(state, base, command_line(argv))
        self.net = net.to(self.device)
        self.model = distributed.wrap(self.net, self.ranks, self.device)  # what a training step calls
        self.opt = optimizer(self.net, self.new_params, a)
        self.step, self.elapsed, self.best, self.wall0, self.base_val = 0, 0.0, float("inf"), 0.0, None
        if state is not None:
            self.opt.load_state_dict(state["opt"])
            self.step, self.elapsed, self.best = state["step"], state["elapsed"], state["best"]
            self.wall0, self.base_val = state.get("wall", state["elapsed"]), state.get("base_val_nll")
            self.g.set_state(state["gen"])
            torch.set_rng_state(state["torch_rng"])
        self.resumed_from = state["step"] if state is not None else None
        self.info = self._run_info(commands, base, state)
        self.log = CsvLog(os.path.join(a.out, "log.csv"), append=state is not None, main=self.ranks.main)
        if self.ranks.main:
            write_json_atomic(os.path.join(a.out, "run.json"), self.info)
        self._report_start(skipped)

    # --- setting up ---------------------------------------------------------------------------

    def _resume_state(self):
        if not self.a.resume:
            return None
        if not os.path.exists(self.ck_path):
            raise SystemExit(f"--resume: no checkpoint at {self.ck_path}")
        return torch.load(self.ck_path, map_location="cpu")

    def _load_data(self, state, base, on_skip) -> data_mod.DataSet:
        """The data at the geometry the net needs: a resumed run's, the base's, or the flags'."""
        a = self.a
        if state is not None:
            c, r = state["config"], state["run"]
            size, K, C, background = r["H"], c["K"], c["C"], r["background"]
        elif base is not None:
            size, K, C = base.card["height"], base.card["levels"], base.card["channels"]
            background = base.card["quantisation"]["background"]
        else:
            size, K, C, background = a.size, a.levels, None if a.channels == "auto" else int(a.channels), None
            if a.background is not None:
                background = _ints(a.background)
                if len(background) != 3 or not all(0 <= v <= 255 for v in background):
                    raise SystemExit(f"--background must be R,G,B in 0…255, not {a.background!r}")
        if a.data_dir is None:
            ds = data_mod.load(a.data, K, size, C, a.binarize, a.skin_tones, a.twemoji)
            if base is not None and list(ds.background) != list(background):
                raise SystemExit(f"--base {base.folder} composites on {list(background)}, the data on {ds.background}")
            return ds
        d = DATA_DIR_DEFAULTS
        ds = load_image_folder(a.data_dir, size or d["size"], K or d["levels"], C,
                               background if background is not None else d["background"], a.examples, on_skip)
        if state is not None and state["run"]["data"].get("files") not in (None, ds.info["files"]):
            raise SystemExit(f"--resume: the images in {a.data_dir} changed since this run began; start a new run "
                             "(a resume continues exactly, on the same images)")
        return ds

    def _net(self, state, base, command):
        """(net, parameters --grow-from added, the commands that made it)."""
        a = self.a
        if state is not None:
            net = from_config(state["config"])
            net.load_state_dict(state["model"])
            return net, state.get("new_params", []), state.get("commands", []) + [command]
        if base is not None:
            net = from_config(base.config)
            net.load_state_dict(base.state)
            return net, [], base.commands + [command]
        net = new_net(a, self.ds)
        if not a.grow_from:
            return net, [], [command]
        grown = trained_net(a.grow_from)
        new_params = sorted(n for n, _ in net.named_parameters() if n not in grown["model"])
        grow_from(net, grown["model"], grown["config"])
        return net, new_params, grown.get("commands", []) + [command]

    def _run_info(self, commands, base, state) -> dict:
        a, ds = self.a, self.ds
        base_id = state["run"].get("base") if state is not None else base.card["id"] if base else None
        return {"commands": commands, "config": self.net.config(), "data": ds.info, "H": ds.H, "W": ds.W,
                "background": ds.background, "binarize": a.binarize if a.data == "mnist" else None,
                "blob_frac": a.blob_frac, "hole_frac": a.hole_frac, "channel_frac": a.channel_frac,
                "batch": a.batch, "lr": a.lr, "seed": a.seed, "hardware": hardware(self.device),
                "device": self.device.type, "processes": self.ranks.world, "base": base_id,
                "examples": a.examples if a.data_dir else None, "parameters": count_parameters(self.net)}

    def _report_start(self, skipped):
        a, ds = self.a, self.ds
        self.progress("start", protocol=PROTOCOL, device=self.device.type,
                      hardware=self.info["hardware"], processes=self.ranks.world, run=os.path.abspath(a.out),
                      examples=len(ds.train), validation=ds.info.get("validationImages", len(ds.val)),
                      validationExamples=len(ds.val), skipped=len(skipped),
                      exampleMode=self.info["examples"], size=[ds.H, ds.W], channels=ds.C, levels=ds.K,
                      base=self.info["base"], parameters=self.info["parameters"], steps=a.steps, minutes=a.minutes,
                      resumedFrom=self.resumed_from)
        for f, why in skipped:
            self.progress("skipped", file=f, reason=why)

    # --- the loop -----------------------------------------------------------------------------

    def fraction_done(self) -> float:
        a, p = self.a, 0.0
        if a.steps:
            p = max(p, self.step / a.steps)
        if a.minutes:
            p = max(p, self.elapsed / (60 * a.minutes))
        return p

    def run(self):
        try:
            return self._loop()
        finally:
            self.log.close()

    def _loop(self):
        a = self.a
        self.net.train()
        self.t_start = self.t_last = time.time()
        if self.resumed_from is None and a.base and self.ranks.main:
            self.validate()  # the base's score on this data: what fine-tuning is measured against
        last_ck = last_report = last_val = last_sheet = time.time()
        window, win_t = [], 0.0
        while True:
            stop, self.elapsed = distributed.agree(self.ranks, self.stop.asked, self.elapsed)
            if stop or self.fraction_done() >= 1.0 or (a.stop_at is not None and self.step >= a.stop_at):
                break
            loss = self.train_step()
            now = time.time()
            self.elapsed += now - self.t_last
            win_t += now - self.t_last
            self.t_last = now
            window.append(loss)
            if not self.ranks.main:
                continue
            val = None
            if (self.step % a.val_every == 0 or self.fraction_done() >= 1.0
                    or (a.val_every_minutes and now - last_val > 60 * a.val_every_minutes)):
                val, last_val = self.validate(), time.time()
            if now - last_report > self.report_every() or val is not None or self.fraction_done() >= 1.0:
                self.report_step(window, win_t, val)
                window, win_t, last_report = [], 0.0, now
            if a.sheet_every > 0 and now - last_sheet > 60 * a.sheet_every:
                self.draw_sheet()
                last_sheet = self.t_last = time.time()
            if now - last_ck > a.ckpt_every:
                self.checkpoint()
                last_ck = self.t_last = time.time()
        return self.finish(cancelled=stop)

    def report_every(self) -> float:
        return self.a.report_every if self.a.report_every is not None else 1.0 if self.progress.jsonl else 10.0

    def train_step(self) -> float:
        """One Adam step on this rank's slice of a batch every rank draws whole; the global mean loss."""
        a, ds, g = self.a, self.ds, self.g
        for pg in self.opt.param_groups:  # checkpoints before --new-lr-mult: one group
            pg["lr"] = lr_at(a, self.step, self.fraction_done()) * pg.get("lr_mult", 1.0)
        idx = torch.randint(0, len(ds.train), (a.batch,), generator=g)
        lv = ds.train.levels(idx, g)
        if a.flip:
            flip = torch.rand(a.batch, generator=g) < 0.5
            lv[flip] = lv[flip].flip(-1)
        N, C, H, W = lv.shape
        masks = draw_masks(N, C, H, W, a.blob_frac, g, a.channel_frac, a.hole_frac, self.device)
        lo, hi = self.ranks.share(a.batch)
        loss = masked_loss(self.model, lv[lo:hi].to(self.device), masks.part(lo, hi), ds.K, a.encoding).mean()
        value = distributed.mean(self.ranks, loss)
        if not math.isfinite(value):
            raise SystemExit(f"the loss became {value} at step {self.step + 1} (try a lower --lr); "
                             f"the last checkpoint, {self.ck_path}, is kept")
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.step += 1
        return value

    def bits(self, nats: float) -> float:
        """Nats per image → bits per dimension (sub-pixel)."""
        return nats / (self.ds.H * self.ds.W * self.ds.C * math.log(2))

    def validate(self) -> float:
        """Validation NLL; a new best is written to best.pt. Its time is not training time."""
        val = validate(self.net, self.ds.val, self.ds.K, self.a.encoding, self.a.val_images, self.device)
        if self.step == 0 and self.resumed_from is None:
            self.base_val = val
        if val < self.best:
            self.best = val
            save_ckpt(self.best_path, model=self.net.state_dict(), config=self.net.config(), run=self.info,
                      step=self.step, elapsed=self.elapsed, wall=self.wall(), val_nll=val,
                      base_val_nll=self.base_val, commands=self.info["commands"])
            self.progress("checkpoint", path=os.path.abspath(self.best_path), best=True, step=self.step)
        self.progress("validation", step=self.step, nll=self.bits(val), nllNats=val, best=self.bits(self.best))
        self.t_last = time.time()
        return val

    def report_step(self, window, win_t, val):
        a = self.a
        sps = len(window) / max(win_t, 1e-9)
        tr = sum(window) / len(window)
        left = []
        if a.steps:
            left.append((a.steps - self.step) / max(sps, 1e-9))
        if a.minutes:
            left.append(60 * a.minutes - self.elapsed)
        lr = self.opt.param_groups[0]["lr"]
        self.progress("step", step=self.step, loss=self.bits(tr), lossNats=tr, lr=lr, stepsPerSecond=sps,
                      elapsed=self.elapsed, eta=max(0.0, min(left)))
        self.log.row(self.step, f"{self.elapsed:.1f}", f"{lr:.3e}", f"{tr:.4f}", "" if val is None else f"{val:.4f}",
                     f"{sps:.3f}")

    def wall(self) -> float:
        """Seconds since the run began, validation and checkpoints included (resumes added up)."""
        return self.wall0 + time.time() - self.t_start

    def checkpoint(self):
        save_ckpt(self.ck_path, model=self.net.state_dict(), opt=self.opt.state_dict(), step=self.step,
                  elapsed=self.elapsed, wall=self.wall(), best=self.best, gen=self.g.get_state(),
                  torch_rng=torch.get_rng_state(), config=self.net.config(), run=self.info,
                  commands=self.info["commands"], new_params=self.new_params, base_val_nll=self.base_val)
        self.progress("checkpoint", path=os.path.abspath(self.ck_path), best=False, step=self.step)

    def draw_sheet(self):
        from .progress_sheet import draw
        a = self.a
        outcome = draw(self.net, self.ds.val, a.out, self.step, a.sheet_images, a.sheet_chains, a.sheet_steps)
        if outcome.path:
            self.progress("sheet", path=os.path.abspath(outcome.path), step=self.step)
        else:
            self.progress("note", message=outcome.note)

    def finish(self, cancelled: bool):
        """The last checkpoint; then the model folder (a finished run with --model-out) and `done`,
        or `cancelled` (a signal or --stop-at), which --resume continues."""
        if not self.ranks.main:
            return self.net
        self.checkpoint()
        best = os.path.abspath(self.best_path) if os.path.exists(self.best_path) else None
        ended = self.fraction_done() >= 1.0
        if cancelled or not ended:
            self.progress("cancelled", step=self.step, checkpoint=os.path.abspath(self.ck_path), best=best,
                          reason="signal" if cancelled else "--stop-at")
            return self.net
        model = self.export() if self.a.model_out else None
        self.progress("done", model=model, run=os.path.abspath(self.a.out), steps=self.step,
                      best=self.bits(self.best) if math.isfinite(self.best) else None,
                      base=self.bits(self.base_val) if self.base_val is not None else None)
        return self.net

    def export(self) -> str:
        from .export import export_checkpoint, load_checkpoint
        net, ck = load_checkpoint(self.a.out, "best")
        folder = os.path.abspath(self.a.model_out)
        export_checkpoint(net, ck, folder, self.a.title or self.default_title(), time_runs=0)
        return folder

    def default_title(self) -> str:
        name = self.ds.info.get("name", "images")
        made = f"fine-tuned from {self.info['base']}" if self.info["base"] else f"{self.a.net_size or 'fresh'} net"
        return f"{name} ({self.ds.H}×{self.ds.W}, {made})"
