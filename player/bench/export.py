"""``driftlight bench export``: export speed, fidelity, sync, banding and file size.

From one run, on an excerpt of the default session across its first phase change
(a known event in picture and sound) at 640×360, 30 fps, 10-bit HEVC:

- render-only fps (frames into memory), encode-only fps (those frames into ffmpeg) and
  the export's own fps (render and encode overlapped in one worker): goal wall ≤ 1.2 ×
  the slower of the two;
- a whole ``driftlight export`` of the excerpt (spawned worker, sound, join, mux):
  goal ≥ 1× real time;
- the decoded frames against ``still --at`` frames for the same times: PSNR ≥ 38 dB;
- the decoded sound against the rendered soundtrack: lag 0 ± 1 ms by
  cross-correlation; the middle 30 s of every phase through the same AAC encoder, integrated
  loudness within ±1 LU of the target (an excerpt across a crossfade is quieter by
  design, so it is shown but not judged);
- banding of a dark ramp in the decoded file, 8-bit H.264 against 10-bit HEVC
  (player/export/banding.py): goal ≤ 0.1 8-bit step for HEVC;
- the size of a 45-minute 1080p30 export of the default playlist, estimated from short
  1080p clips of every phase (keyframes counted at the encoder's real interval):
  goal ≤ 1.5 GB.

Render speed is the GPU's (here Mesa's llvmpipe on shared cores): the speed goals are
met or missed by the renderer, not by the export; see docs/export.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

HELP = "export speed (render, encode, overlapped), frame match, audio sync, banding, size"
GOAL_OVERLAP, GOAL_RT, GOAL_PSNR, GOAL_SYNC_MS, GOAL_LU = 1.2, 1.0, 38.0, 1.0, 1.0
GOAL_BAND, GOAL_GB, SESSION_S, KEYINT = 0.1, 1.5, 45 * 60, 250


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--seconds", type=float, default=6.0, metavar="S",
                        help="length of the excerpt (default 6)")
    parser.add_argument("--size-sample", type=float, default=1.0, metavar="S",
                        help="seconds of 1080p per phase for the file size estimate "
                             "(default 1; 0 skips it)")


def _job(seconds: float, size=(640, 360), fps=30, codec="hevc"):
    import argparse as ap

    from player.commands._common import plan_session
    from player.export.encode import CODECS
    from player.export.job import ExportJob, frame_count

    plan = plan_session(ap.Namespace(config=None, playlist=None, length=None, seed=None,
                                     plugin=[], client=None))
    start = plan.timeline.phases[1].start - seconds / 2
    job = ExportJob(plan.timeline, plan.seed, size, fps, codec, CODECS[codec].crf, start,
                    frame_count(start, start + seconds, fps), plan.config.display.brightness_cap)
    return plan, job


def _speeds(job, tools, folder: Path) -> dict:
    from player.compositor import Compositor
    from player.export import worker
    from player.export.encode import Encoder, encode_args
    from player.export.segments import Segment

    comp = Compositor(job.size, seed=job.seed, guard=False, levels=job.codec.levels,
                      brightness_cap=job.brightness_cap)
    comp.frame16(job.timeline.at(job.time(0)))          # shaders compiled before timing
    t0 = time.perf_counter()
    frames = [comp.frame16(job.timeline.at(job.time(k))) for k in range(job.frames)]
    render_s = time.perf_counter() - t0
    comp.release()
    t0 = time.perf_counter()
    enc = Encoder(encode_args(tools, job.codec, job.size, job.fps, job.crf,
                              folder / "encode-only.ts"))
    for f in frames:
        enc.write(f)
    enc.close()
    encode_s = time.perf_counter() - t0
    del frames
    worker._compositor(job).frame16(job.timeline.at(job.time(0)))
    t0 = time.perf_counter()
    worker.render_segment(job, Segment(0, 0, job.frames), str(folder))
    both_s = time.perf_counter() - t0
    n = job.frames
    return {"render_fps": n / render_s, "encode_fps": n / encode_s, "export_fps": n / both_s,
            "overlap_ratio": both_s / max(render_s, encode_s)}


def _fidelity(plan, job, tools, folder: Path) -> dict:
    from audio import loudness
    from player.commands.export import sound_of
    from player.compositor import Compositor
    from player.export import decode, driver
    from player.export.mux import audio_range

    out = folder / "excerpt.mp4"
    sound = sound_of(plan)
    t0 = time.perf_counter()
    driver.run(job, out, 1, tools, sound)
    wall = time.perf_counter() - t0
    still = Compositor(job.size, seed=job.seed, guard=False, brightness_cap=job.brightness_cap)
    got = decode.frames(tools, out, job.size)
    picks = np.linspace(0, job.frames - 1, 8).astype(int)
    psnrs = [decode.psnr(got[k], still.frame(job.timeline.at(job.time(int(k)))))
             for k in picks]
    heard = decode.audio(tools, out)
    first, count = audio_range(job, sound.rate)
    ref = sound.render(first, count)
    return {"export_realtime": job.duration / wall, "export_wall_s": wall,
            "frames_in_file": int(got.shape[0]), "frames_expected": job.frames,
            "psnr_min_db": min(psnrs), "psnr_median_db": float(np.median(psnrs)),
            "audio_lag_ms": decode.lag_ms(heard, ref, sound.rate),
            "audio_samples": [int(heard.shape[0]), int(count)],
            "excerpt_lufs": [loudness.integrated(heard.astype(np.float32)),
                             loudness.integrated(ref)],
            **_session_loudness(plan, sound, tools, folder)}


def _session_loudness(plan, sound, tools, folder: Path) -> dict:
    """The middle 30 s of every phase (each phase's mix is normalised to the target)
    through the export's AAC encoder, decoded and measured as one programme."""
    from audio import loudness
    from audio.wav import WavWriter
    from player.export import decode
    from player.export.mux import AAC_BITRATE

    wav, m4a = folder / "phases.wav", folder / "phases.m4a"
    writer = WavWriter(wav, sound.rate, True)
    for ph in plan.timeline.phases:
        mid = int((ph.start + ph.end) / 2 * sound.rate)
        for i in range(-15, 15):
            writer.write(sound.render(mid + i * sound.rate, sound.rate))
    writer.close()
    subprocess.run([tools.ffmpeg, "-v", "error", "-i", str(wav), "-c:a", "aac", "-b:a",
                    AAC_BITRATE, str(m4a)], check=True)
    heard = decode.audio(tools, m4a)
    return {"loudness_lufs": loudness.integrated(heard.astype(np.float32)),
            "target_lufs": plan.config.audio.loudness_target}


def _banding(tools, folder: Path) -> dict:
    from player.compositor import Compositor
    from player.export import banding, decode
    from player.export.encode import CODECS, Encoder, encode_args
    from player.timeline import Timeline

    size, fps, n = (640, 360), 30, 15
    tl = Timeline.build(banding.ramp_playlist(), 60.0)
    exact = banding.exact_luma(Compositor(size, seed=1, guard=False, levels=65535)
                               .frame16(tl.at(30.0)))
    res = {}
    for name in ("h264", "hevc"):
        codec = CODECS[name]
        comp = Compositor(size, seed=1, guard=False, levels=codec.levels)
        read = comp.frame if codec.bits == 8 else comp.frame16
        path = folder / f"ramp-{name}.ts"
        enc = Encoder(encode_args(tools, codec, size, fps, codec.crf, path))
        for k in range(n):
            enc.write(read(tl.at(30.0 + k / fps)))
        enc.close()
        y = decode.luma(tools, path, size, codec.bits)
        res[name] = float(np.mean([banding.banding(y[k], exact)["rms_steps"]
                                   for k in range(2, n, 3)]))
    return res


def _size_estimate(plan, seconds: float, tools, folder: Path) -> dict:
    """Bytes of a whole-session 1080p30 export, from a short clip of every phase."""
    from player.export import worker
    from player.export.encode import CODECS
    from player.export.job import ExportJob, frame_count
    from player.export.segments import Segment

    total = 0.0
    per_phase = {}
    for ph in plan.timeline.phases:
        mid = (ph.start + ph.end) / 2
        job = ExportJob(plan.timeline, plan.seed, (1920, 1080), 30, "hevc", CODECS["hevc"].crf,
                        mid, frame_count(mid, mid + seconds, 30),
                        plan.config.display.brightness_cap)
        worker.render_segment(job, Segment(0, 0, job.frames), str(folder))
        path = folder / Segment(0, 0, job.frames).name
        done = subprocess.run([tools.ffprobe, "-v", "error", "-select_streams", "v:0",
                               "-show_entries", "packet=size,flags", "-of", "json", str(path)],
                              capture_output=True, text=True)
        pkts = json.loads(done.stdout)["packets"]
        key = [int(p["size"]) for p in pkts if "K" in p["flags"]]
        other = [int(p["size"]) for p in pkts if "K" not in p["flags"]] or key
        per_frame = (np.mean(key) + (KEYINT - 1) * np.mean(other)) / KEYINT
        frames = ph.duration / plan.timeline.length * SESSION_S * 30
        per_phase[ph.name] = round(per_frame * 30 * 8 / 1000)      # kb/s
        total += per_frame * frames
        path.unlink()
    audio_bytes = 192_000 / 8 * SESSION_S
    return {"gb_45min_1080p30": (total + audio_bytes) / 1e9, "phase_kbps": per_phase}


def run(args: argparse.Namespace) -> int:
    from player.bench._verdict import verdict
    from player.export.tools import find_tools

    tools = find_tools()
    plan, job = _job(args.seconds)
    with tempfile.TemporaryDirectory(prefix="driftlight-bench-export-") as tmp:
        folder = Path(tmp)
        data = {**_speeds(job, tools, folder)}
        data.update(_fidelity(plan, job, tools, folder))
        band = _banding(tools, folder)
        data["banding_steps"] = band
        if args.size_sample > 0:
            data.update(_size_estimate(plan, args.size_sample, tools, folder))
    data = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in data.items()}
    goals = {
        f"export wall <= {GOAL_OVERLAP} x the slower of render and encode":
            data["overlap_ratio"] <= GOAL_OVERLAP,
        f"640x360 30 fps export >= {GOAL_RT}x real time": data["export_realtime"] >= GOAL_RT,
        f"decoded frames match still --at: PSNR >= {GOAL_PSNR} dB":
            data["psnr_min_db"] >= GOAL_PSNR and data["frames_in_file"] == job.frames,
        f"audio in sync: 0 +- {GOAL_SYNC_MS} ms": abs(data["audio_lag_ms"]) <= GOAL_SYNC_MS,
        f"session loudness within +-{GOAL_LU} LU of the target":
            abs(data["loudness_lufs"] - data["target_lufs"]) <= GOAL_LU,
        f"10-bit HEVC banding <= {GOAL_BAND} 8-bit step": band["hevc"] <= GOAL_BAND,
    }
    if "gb_45min_1080p30" in data:
        goals[f"45-min 1080p30 export <= {GOAL_GB} GB (estimated)"] = \
            data["gb_45min_1080p30"] <= GOAL_GB
    lines = [
        f"excerpt: {job.duration:g} s at {job.size[0]}x{job.size[1]}, {job.fps} fps, "
        f"{job.codec_name} {job.codec.bits}-bit, from {job.start:.1f} s (a phase change)",
        f"render only {data['render_fps']:.1f} fps, encode only {data['encode_fps']:.1f} fps, "
        f"export {data['export_fps']:.1f} fps (wall {data['overlap_ratio']:.2f} x the slower)",
        f"whole export command: {data['export_realtime']:.2f}x real time "
        f"({data['export_wall_s']:.1f} s, spawn, sound and mux included)",
        f"frames vs still --at: PSNR min {data['psnr_min_db']:.1f} dB, median "
        f"{data['psnr_median_db']:.1f} dB; {data['frames_in_file']} of "
        f"{data['frames_expected']} frames",
        f"sound: lag {data['audio_lag_ms']:+.3f} ms; the excerpt {data['excerpt_lufs'][0]:.2f} "
        f"LUFS decoded, {data['excerpt_lufs'][1]:.2f} rendered; mid-phases "
        f"{data['loudness_lufs']:.2f} LUFS decoded (target {data['target_lufs']:g})",
        f"banding of a dark ramp, decoded: h264 8-bit {band['h264']:.3f} step, "
        f"hevc 10-bit {band['hevc']:.3f} step (RMS staircase)",
    ]
    if "gb_45min_1080p30" in data:
        lines.append(f"45-min 1080p30 estimate: {data['gb_45min_1080p30']:.2f} GB "
                     f"(kb/s per phase {data['phase_kbps']})")
    return verdict(data, goals, args.json, lines)
