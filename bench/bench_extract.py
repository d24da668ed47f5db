"""Extraction benchmark: throughput beside a bare re.findall pass, and peak memory vs corpus size.

    .venv/bin/python bench/bench_extract.py [-n 1000]

Prints a table. Targets: extraction costs at most 35× the bare pass over the same articles (issue 9; it was 40×
in issue 3), measured on the real news of ``../shared/eval/train`` (whole corpus) and ``pool`` when present, besides
the shipped samples and the synthetic corpus; memory stays flat in the number of articles (the CLI streams).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = "re.findall(\\w+)"
TARGET = 35
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def corpus(n: int, path: Path) -> list:
    from synth import write_corpus

    from events.io import read_articles

    write_corpus(path, n, seed=7)
    return list(read_articles([path]))


def sample_corpus(n: int) -> list:
    """``n`` articles cycled from the shipped samples (real-length news prose, fewer events per KB than synth)."""
    from dataclasses import replace

    from events.io import read_articles

    base = list(read_articles([ROOT / "ui" / "samples" / "sample_articles.jsonl"]))
    return [replace(base[k % len(base)], id=f"s{k}") for k in range(n)]


def real_corpora() -> list[tuple[str, list]]:
    """The evaluation articles (real news, research use only; read in place, never copied), when present."""
    from events.io import read_articles

    return [
        (f"real news, {name}/ (whole)", list(read_articles([EVAL / name / "articles.jsonl"])))
        for name in ("train", "pool")
        if (EVAL / name / "articles.jsonl").is_file()
    ]


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def peak_rss_mb(path: Path) -> float:
    """Peak RSS of ``python -m events extract path -o out.geojson`` in a child process."""
    out = path.with_suffix(".jsonl.out.jsonl")
    code = (
        f"import resource, sys, runpy; sys.argv=['events','extract',{str(path)!r},'-o',{str(out)!r}]; "
        "import cli.events as c; rc=c.main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(proc.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    args = ap.parse_args()
    import gazetteer
    from events.extract import extract

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        g = gazetteer.load(user=False)
        word = re.compile(r"\w+")
        print(f"{'corpus':<34}{'pass':<20}{'s (cpu)':>9}{'articles/s':>12}{'MB/s':>8}{'× findall':>11}  target")
        for name, arts in (
            *real_corpora(),
            ("samples, cycled", sample_corpus(args.n)),
            ("synthetic (bench/synth.py)", corpus(args.n, tmp / "c.jsonl")),
        ):
            texts = [a.analysed_text for a in arts]
            mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
            extract(arts[0], gazetteer=g)  # load lexicons once
            t_re = min(
                cpu(lambda: [word.findall(t) for t in texts])  # noqa: B023  cpu() calls it in this iteration
                for _ in range(30 if len(texts) < 100 else 10)
            )
            n_ev = 0

            def run():
                nonlocal n_ev
                n_ev = sum(len(extract(a, gazetteer=g)) for a in arts)  # noqa: B023  cpu() calls it in this iteration

            t_ex = min(cpu(run) for _ in range(3))
            print(f"{name}: {len(arts)} articles, {mb:.2f} MB, {n_ev} events")
            print(f"{'':<34}{BARE:<20}{t_re:>9.3f}{len(arts) / t_re:>12.0f}{mb / t_re:>8.1f}{1.0:>11.1f}")
            ratio = t_ex / t_re
            print(
                f"{'':<34}{'extract':<20}{t_ex:>9.3f}{len(arts) / t_ex:>12.0f}{mb / t_ex:>8.2f}{ratio:>11.1f}  "
                f"≤{TARGET}× {'PASS' if ratio <= TARGET else 'MISS'}"
            )
        small, big = tmp / "s.jsonl", tmp / "b.jsonl"
        corpus(max(200, args.n // 5), small)
        corpus(args.n * 2, big)
        m_small, m_big = peak_rss_mb(small), peak_rss_mb(big)
        grow = m_big / m_small
        print(
            f"peak RSS of `python -m events extract -o .jsonl`: {max(200, args.n // 5)} articles {m_small:.0f} MB, "
            f"{args.n * 2} articles {m_big:.0f} MB (×{grow:.2f}; flat ≤1.2 {'PASS' if grow <= 1.2 else 'MISS'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
