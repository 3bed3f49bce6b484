"""`train`: Orderless NADE training with checkpoints, resume, a progress line and a CSV log."""
from __future__ import annotations

import csv
import math
import os
import platform
import time

import torch

from . import command_line, data as data_mod
from .jsonfile import write_json_atomic
from .model import TrainNet, count_parameters, grow_from
from .objective import batch_loss, single_ordering_nll
from .unet import UNetTrain


def add_args(p):
    p.add_argument("--data", required=True, help="mnist | emoji | PATH (folder of images)")
    p.add_argument("--size", type=int, default=None, help="H = W (default: mnist 28, emoji and folders 64)")
    p.add_argument("--levels", type=int, default=None, help="K per channel (default: mnist 2, emoji and folders 32)")
    p.add_argument("--channels", default="auto", help="auto | 1 | 3")
    p.add_argument("--binarize", default="dynamic", choices=["dynamic", "threshold"],
                   help="MNIST K=2: dynamic Bernoulli binarization (test fixed, seeded) or the linear threshold")
    p.add_argument("--skin-tones", action="store_true", help="emoji: include skin-tone variants")
    p.add_argument("--twemoji", action="store_true",
                   help="emoji: also train on Twemoji's drawings of the training code points (val/test stay Noto; "
                        f"{data_mod.TWEMOJI_INSTALL} first)")
    p.add_argument("--arch", default="resnet", choices=["resnet", "unet"])
    p.add_argument("--blocks", type=int, default=3, help="resnet: residual blocks")
    p.add_argument("--widths", default="64,128,160,192", help="unet: channels per level, full resolution first")
    p.add_argument("--level-blocks", default="1,1,1,2", help="unet: residual blocks per level (each way)")
    p.add_argument("--features", type=int, default=64)
    p.add_argument("--kernel", type=int, default=3)
    p.add_argument("--dilations", default="1", help="comma list, cycled to 2·blocks numbers")
    p.add_argument("--encoding", default="onehot", choices=["onehot", "scalar"])
    p.add_argument("--norm", default="bn", choices=["bn", "none"], help="batch norm (folded at export)")
    p.add_argument("--blob-frac", type=float, default=0.5,
                   help="fraction of masks that are contiguous blobs (rest uniform random subsets)")
    p.add_argument("--hole-frac", type=float, default=0.0,
                   help="fraction of masks that are a random subset of a painted hole (blob or rectangle), "
                        "the rest known: the states an inpainting Gibbs chain conditions on")
    p.add_argument("--channel-frac", type=float, default=0.0,
                   help="share of examples whose hole keeps its first 1..C−1 channels known (colour)")
    p.add_argument("--flip", action="store_true", help="random horizontal flips")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--minutes", type=float, default=None, help="stop after this much training time")
    p.add_argument("--stop-at", type=int, default=None,
                   help="checkpoint and stop at this step without ending the schedule (resume later)")
    p.add_argument("--warmup", type=int, default=200, help="linear lr warm-up steps")
    p.add_argument("--val-every", type=int, default=500, help="steps between validation estimates")
    p.add_argument("--val-images", type=int, default=1000, help="validation examples, fixed masks (more than the split cycles through it again with other masks)")
    p.add_argument("--ckpt-every", type=float, default=120.0, help="seconds between checkpoints")
    p.add_argument("--out", required=True, help="run folder: ckpt.pt, best.pt, log.csv, run.json")
    p.add_argument("--resume", action="store_true", help="continue from OUT/ckpt.pt")
    p.add_argument("--grow-from", default=None,
                   help="a trained run's best.pt, or a shipped model folder (with --norm none: its weights have "
                        "batch norm folded in): start this net from it, with a fresh schedule (same features; "
                        "its blocks first, any extra blocks as the identity)")
    p.add_argument("--new-lr-mult", type=float, default=1.0,
                   help="with --grow-from: the parameters the trained net lacks (the added blocks) "
                        "train at this multiple of the lr")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda but CUDA is not available")
    return torch.device(name)


def hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (torch {torch.__version__})"
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"CPU {cpu} ({os.cpu_count()} cores), {torch.get_num_threads()} torch thread(s) (torch {torch.__version__})"


def load_data(a) -> data_mod.DataSet:
    C = None if a.channels == "auto" else int(a.channels)
    return data_mod.load(a.data, a.levels, a.size, C, a.binarize, a.skin_tones, a.twemoji)


def new_net(a, ds: data_mod.DataSet) -> TrainNet | UNetTrain:
    if a.arch == "unet":
        return UNetTrain(ds.C, ds.K, a.encoding, _ints(a.widths), _ints(a.level_blocks), a.kernel, a.norm == "bn")
    return TrainNet(ds.C, ds.K, a.encoding, a.features, a.blocks, a.kernel, _ints(a.dilations), a.norm == "bn")


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",")]


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
    from .onnx_io import trained_from_model_folder  # needs onnx, which a lent GPU machine may lack
    return trained_from_model_folder(path)


def save_ckpt(path, **state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def run(a, argv):
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.steps is None and a.minutes is None:
        raise SystemExit("give --steps or --minutes (or both)")
    if a.grow_from and a.arch != "resnet":
        raise SystemExit("--grow-from deepens a resnet (it adds residual blocks after the trained ones)")
    os.makedirs(a.out, exist_ok=True)
    device = pick_device(a.device)
    ck_path = os.path.join(a.out, "ckpt.pt")
    state = None
    if a.resume:
        if not os.path.exists(ck_path):
            raise SystemExit(f"--resume: no checkpoint at {ck_path}")
        state = torch.load(ck_path, map_location="cpu")
        print(f"resuming from {ck_path} at step {state['step']}", flush=True)

    ds = load_data(a)
    net = new_net(a, ds).to(device)
    grown = trained_net(a.grow_from) if a.grow_from and state is None else None
    new_params = state.get("new_params", []) if state is not None else (
        sorted(n for n, _ in net.named_parameters() if n not in grown["model"]) if grown else [])
    opt = optimizer(net, new_params, a)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)
    step, elapsed, best, wall0 = 0, 0.0, float("inf"), 0.0
    command = command_line(argv)
    commands = [command]
    if state is not None:
        net.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, elapsed, best = state["step"], state["elapsed"], state["best"]
        wall0 = state.get("wall", state["elapsed"])
        g.set_state(state["gen"])
        torch.set_rng_state(state["torch_rng"])
        commands = state.get("commands", []) + [command]
    elif grown:
        grow_from(net, grown["model"], grown["config"])
        commands = grown.get("commands", []) + [command]
    run_info = {"commands": commands, "config": net.config(), "data": ds.info, "H": ds.H, "W": ds.W,
                "background": ds.background, "binarize": a.binarize if a.data == "mnist" else None,
                "blob_frac": a.blob_frac, "hole_frac": a.hole_frac, "channel_frac": a.channel_frac, "batch": a.batch, "lr": a.lr,
                "seed": a.seed, "hardware": hardware(device), "parameters": count_parameters(net)}
    write_json_atomic(os.path.join(a.out, "run.json"), run_info)
    print(f"data {a.data}: {len(ds.train)} train / {len(ds.val)} val / {len(ds.test)} test, "
          f"{ds.H}×{ds.W}×{ds.C}, K={ds.K}; net {net.config()}, {count_parameters(net)} parameters; "
          f"{run_info['hardware']}", flush=True)

    log_path = os.path.join(a.out, "log.csv")
    new_log = not os.path.exists(log_path) or state is None
    logf = open(log_path, "w" if new_log else "a", newline="")
    log = csv.writer(logf)
    if new_log:
        log.writerow(["step", "seconds", "lr", "train_nll", "val_nll", "steps_per_s"])

    def progress():
        p = 0.0
        if a.steps:
            p = max(p, step / a.steps)
        if a.minutes:
            p = max(p, elapsed / (60 * a.minutes))
        return p

    def checkpoint():
        save_ckpt(ck_path, model=net.state_dict(), opt=opt.state_dict(), step=step, elapsed=elapsed,
                  wall=wall(), best=best, gen=g.get_state(), torch_rng=torch.get_rng_state(), config=net.config(),
                  run=run_info, commands=commands, new_params=new_params)

    net.train()
    t_last = t_start = time.time()

    def wall():  # validation and checkpoints included
        return wall0 + time.time() - t_start
    last_ck, last_print, window, win_steps, win_t = t_last, t_last, [], 0, 0.0
    while progress() < 1.0 and (a.stop_at is None or step < a.stop_at):
        for pg in opt.param_groups:
            pg["lr"] = lr_at(a, step, progress()) * pg.get("lr_mult", 1.0)  # checkpoints before --new-lr-mult: one group
        idx = torch.randint(0, len(ds.train), (a.batch,), generator=g)
        lv = ds.train.levels(idx, g)
        if a.flip:
            flip = torch.rand(a.batch, generator=g) < 0.5
            lv[flip] = lv[flip].flip(-1)
        loss = batch_loss(net, lv.to(device), ds.K, a.encoding, a.blob_frac, g, a.channel_frac, a.hole_frac).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        now = time.time()
        elapsed += now - t_last
        win_t += now - t_last
        t_last = now
        window.append(loss.item())
        win_steps += 1
        val = None
        if step % a.val_every == 0 or progress() >= 1.0:
            val = validate(net, ds.val, ds.K, a.encoding, a.val_images, device)
            if val < best:
                best = val
                save_ckpt(os.path.join(a.out, "best.pt"), model=net.state_dict(), config=net.config(),
                          run=run_info, step=step, elapsed=elapsed, wall=wall(), val_nll=val, commands=commands)
            t_last = time.time()  # validation time is not training time
        if now - last_print > 10 or val is not None or progress() >= 1.0:
            sps = win_steps / max(win_t, 1e-9)
            tr = sum(window) / len(window)
            left = []
            if a.steps:
                left.append((a.steps - step) / max(sps, 1e-9))
            if a.minutes:
                left.append(60 * a.minutes - elapsed)
            eta = max(0.0, min(left))
            msg = (f"step {step} loss {tr:.2f} nats/img ({tr / (ds.H * ds.W * ds.C):.4f}/dim) "
                   f"lr {opt.param_groups[0]['lr']:.2e} {sps:.2f} steps/s ETA {eta / 60:.1f} min")
            if val is not None:
                msg += f" | val {val:.2f} (best {best:.2f})"
            print(msg, flush=True)
            log.writerow([step, f"{elapsed:.1f}", f"{opt.param_groups[0]['lr']:.3e}", f"{tr:.4f}",
                          "" if val is None else f"{val:.4f}", f"{sps:.3f}"])
            logf.flush()
            window, win_steps, win_t, last_print = [], 0, 0.0, now
        if now - last_ck > a.ckpt_every:
            checkpoint()
            last_ck = time.time()
            t_last = last_ck
    checkpoint()
    logf.close()
    print(f"done: {step} steps, {elapsed / 60:.1f} min training, best val {best:.2f}; "
          f"checkpoints {ck_path} and best.pt", flush=True)
    return net
