"""Writes bench/quality.md from the curves bench/quality.sh collected (one JSON line per evaluated stage)."""
import datetime
import json
import os
import sys

out, result, sheets, cpu, cores, flags, profile, stages, clips = sys.argv[1:10]


def score(s, key, fmt):
    value = s.get(key)
    return "n/a" if value is None else format(value, fmt)


def beats(model, base, key, higher):
    m, b = model.get(key), base.get(key)
    if m is None or b is None:
        return False
    return m > b if higher else m < b


lines = [
    "# Quality bench (held-out tail, `atsync eval`)",
    "",
    f"Written {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/quality.sh` "
    f"(QUALITY_PROFILE={profile}, QUALITY_STAGES=\"{stages}\").",
    f"Machine: {cpu}, {cores} cores; CPU flags: {flags.strip() or 'none of avx2/avx512/amx'}.",
    "",
    "Protocol: `atsync process CLIP --asr mel` -> `atsync train --holdout_tail 0.2 --profile P --max_minutes M` "
    "(continued with `--resume` stage by stage for the learning curve) -> `atsync eval` of `best_digital_model_0.pth` "
    "on the held-out last 20 % (composited frames; docs/evaluation.md). Targets (issue 13): beat both baselines on "
    "mouth SSIM and LMD, opening correlation >= 0.6, within 30 minutes of training.",
    "",
    "## Final stage, every clip",
    "",
    "| clip | held-out frames | train minutes (epochs, samples) | model SSIM / LMD / opening r / PSNR | reference paste | mean mouth | beats both on SSIM | on LMD | r >= 0.6 |",
    "|---|---|---|---|---|---|---|---|---|",
]
curves = {}
for clip in clips.split():
    name = os.path.splitext(clip)[0]
    path = os.path.join(out, name, "curve.jsonl")
    if not os.path.exists(path):
        lines.append(f"| {name} | - | - | not run (clip absent or a step failed: see {out}/{name}/) | | | | | |")
        continue
    rows = [json.loads(line) for line in open(path)]
    curves[name] = rows
    last = rows[-1]
    s = last["report"]["scores"]
    m, rp, mm = s["model"], s["reference_paste"], s["mean_mouth"]

    def cell(x):
        return f"{score(x, 'ssim', '.3f')} / {score(x, 'lmd', '.3f')} / {score(x, 'opening_correlation', '.2f')} / {score(x, 'psnr', '.1f')} dB"

    ssim_ok = beats(m, rp, "ssim", True) and beats(m, mm, "ssim", True)
    lmd_ok = beats(m, rp, "lmd", False) and beats(m, mm, "lmd", False)
    r_ok = (m.get("opening_correlation") or -1) >= 0.6
    lines.append(
        f"| {name} | {last['report']['held_out_count']} | {last['stage_minutes']:g} ({last['epochs']}, {last['samples']}) | {cell(m)} | {cell(rp)} | {cell(mm)} "
        f"| {'yes' if ssim_ok else 'no'} | {'yes' if lmd_ok else 'no'} | {'yes' if r_ok else 'no'} |")

lines += ["", "## Learning curves (one run per clip, continued stage by stage)", ""]
for name, rows in curves.items():
    last = rows[-1]
    trained = last["card"]["training"].get("references") or "random"
    evaluated_with = last["report"].get("references") or "fixed"
    lines += [f"### {name}", "",
              f"References: training `{trained}` (model card), eval `{evaluated_with}`"
              + (f" (frame {last['report']['reference_frame']})" if evaluated_with == "fixed" else " (each held-out frame's pose-nearest training frame)")
              + ".", "",
              "| train minutes | wall s (stage, incl. start-up) | epochs | samples seen | model PSNR / SSIM / LMD / r | reference paste | mean mouth |",
              "|---|---|---|---|---|---|---|"]
    for row in rows:
        s = row["report"]["scores"]

        def cell(x):
            return f"{score(x, 'psnr', '.1f')} / {score(x, 'ssim', '.3f')} / {score(x, 'lmd', '.3f')} / {score(x, 'opening_correlation', '.2f')}"

        lines.append(f"| {row['stage_minutes']:g} | {row['stage_wall_seconds']:.0f} | {row['epochs']} | {row['samples']} "
                     f"| {cell(s['model'])} | {cell(s['reference_paste'])} | {cell(s['mean_mouth'])} |")
    lines += ["", f"Contact sheet (real | generated | difference x4): `{sheets}/{name}.png`", ""]
    ceiling = os.path.join(out, name, "eval-ceiling.json")
    if os.path.exists(ceiling):
        c = json.load(open(ceiling))["scores"]["model"]
        lines += ["The image network's ceiling (the same final model, each held-out frame's sketch drawn from its own "
                  "landmarks instead of the audio's prediction: `atsync eval --sketch landmarks`, a diagnostic): "
                  f"PSNR {score(c, 'psnr', '.1f')} / SSIM {score(c, 'ssim', '.3f')} / LMD {score(c, 'lmd', '.3f')} / "
                  f"r {score(c, 'opening_correlation', '.2f')}.", ""]
    mouth = os.path.join(out, name, "model", "mouth_model.json")
    if os.path.exists(mouth):
        mm = json.load(open(mouth))
        lines += [f"Mouth-shape model (first stage) on its own validation block: opening r "
                  f"{mm['validation_opening_correlation']:.2f}, point error {mm['validation_point_error']:.2f} % of the eye-corner distance.", ""]

gpu = os.environ.get("QUALITY_GPU_DIR", "artifacts/gpu/out2")
gpu_runs = {}
if os.path.exists(os.path.join(gpu, "results.jsonl")):
    for line in open(os.path.join(gpu, "results.jsonl")):
        row = json.loads(line)
        if "data" in row:
            gpu_runs[os.path.splitext(os.path.basename(row["data"]))[0]] = row
evaluated = [n for n in gpu_runs if os.path.exists(os.path.join(gpu, f"{n}_eval.json"))]
if evaluated:
    machine = open(os.path.join(gpu, "machine.txt")).read().strip().replace("\n", "; ")
    lines += ["## The reference profile with a GPU's budget (bench/gpu)", "",
              f"Trained in PyTorch on {machine} with the reference recipe (200 epochs over the training 80 %, batch 16, "
              "bf16 autocast; `bench/gpu/run_device.sh`), the checkpoint brought back as float16 and imported here; "
              "`atsync eval --holdout_tail 0.2` on this machine, the same held-out frames as above.", "",
              "| clip | samples | GPU seconds (samples/s) | model SSIM / LMD / opening r / PSNR | reference paste | mean mouth |",
              "|---|---|---|---|---|---|"]
    for n in evaluated:
        run = gpu_runs[n]
        s = json.load(open(os.path.join(gpu, f"{n}_eval.json")))["scores"]

        def cell(x):
            return f"{score(x, 'ssim', '.3f')} / {score(x, 'lmd', '.3f')} / {score(x, 'opening_correlation', '.2f')} / {score(x, 'psnr', '.1f')} dB"

        lines.append(f"| {n} | {run['samples']} | {run['seconds']:.0f} ({run['samples_per_second']:.0f}) | {cell(s['model'])} "
                     f"| {cell(s['reference_paste'])} | {cell(s['mean_mouth'])} |")
    lines += ["", f"Contact sheets: `{sheets}/<clip>_gpu_reference.png`.", ""]

lines += ["## Commands", "", "```", f"QUALITY_PROFILE={profile} QUALITY_STAGES=\"{stages}\" QUALITY_CLIPS=\"{clips}\" bench/quality.sh", "```", ""]
with open(result, "w") as f:
    f.write("\n".join(lines))
