"""Extraction throughput and peak memory, on the seeds and on a corpus 100x larger.

Prints the figures and writes them to benchmarks/results/extraction.json. Goals (issue #2):
>= 1,000,000 characters per second per core, <= 1 GB peak memory on the x100 corpus.

    python benchmarks/extraction.py [--copies 100]

Two configurations: the full extraction, and the spine alone (cleaning, metadata, headings,
agencies, measures and their units: issue #2) without the finders of issues #4/#5 (policies,
bases, enterprises, events, targets, metrics). The x100 corpus is made from the seeds: each seed text written 100 times under new names in a
temporary directory, read from disk and extracted one file at a time, as `policykg build` does.
Throughput is characters per CPU second of this single process (one core). The machine is
shared and its speed varies by 10-20% from one minute to the next, so the x100 corpus is run
`--repeat` times and the run with the median throughput is reported, with every run's figure.
The results record whether the extraction modules ran compiled (mypyc, see setup.py).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from policykg import native
from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.pipeline import extract_source
from policykg.extract.reader import read_source

RESULTS = Path(__file__).parent / "results" / "extraction.json"


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run(files: list[Path], gazetteer: AgencyGazetteer, *, spine_only: bool = False) -> dict:
    chars = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for path in files:
        source = read_source(path)
        chars += len(source.raw)
        extract_source(source, gazetteer, spine_only=spine_only)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "files": len(files),
        "characters": chars,
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "chars_per_cpu_second": round(chars / cpu),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }


def median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["chars_per_cpu_second"])
    median = dict(ordered[len(ordered) // 2])
    median["chars_per_cpu_second_of_each_run"] = [r["chars_per_cpu_second"] for r in runs]
    return median


def spacy_pipeline(files: list[Path]) -> dict:
    """The same extraction through `nlp(text)` (tokenises every character), for comparison."""
    from policykg.extract.components import load

    nlp = load()
    chars = 0
    cpu = time.process_time()
    for path in files:
        text = read_source(path).raw
        chars += len(text)
        nlp(text)
    cpu = time.process_time() - cpu
    return {
        "characters": chars,
        "cpu_seconds": round(cpu, 3),
        "chars_per_cpu_second": round(chars / cpu),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the large corpus")
    args = parser.parse_args()

    # Only what the extraction imports: the CLI would load pandas, networkx and more.
    seeds = sorted(Path(str(resources.files("policykg.data") / "texts")).glob("*.txt"))
    gazetteer = AgencyGazetteer.default()
    extract_source(read_source(seeds[0]), gazetteer)  # warm caches (regexes, tables)

    results: dict = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "goal": {"chars_per_cpu_second": 1_000_000, "peak_memory_mb": 1024},
        "compiled": native.is_compiled(),
    }
    results["seeds"] = run(seeds, gazetteer)
    results["seeds_spine"] = run(seeds, gazetteer, spine_only=True)
    corpus = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    try:
        copies = []
        for i in range(args.copies):
            for seed in seeds:
                copy = corpus / f"{seed.stem}_copy{i:03d}.txt"
                shutil.copyfile(seed, copy)
                copies.append(copy)
        repeats = range(args.repeat)
        results[f"x{args.copies}"] = median_run([run(copies, gazetteer) for _ in repeats])
        results[f"x{args.copies}_spine"] = median_run(
            [run(copies, gazetteer, spine_only=True) for _ in repeats]
        )
    finally:
        shutil.rmtree(corpus)
    results["spacy_pipeline_on_seeds"] = spacy_pipeline(seeds)  # last: its memory is not ours

    x = f"x{args.copies}"
    for name in ("seeds", x, "seeds_spine", f"{x}_spine"):
        r = results[name]
        print(
            f"{name:>6}: {r['characters']:>11,} chars in {r['cpu_seconds']:>7.2f} CPU s = "
            f"{r['chars_per_cpu_second']:>11,} chars/s per core; peak memory {r['peak_memory_mb']:,.0f} MB"
        )
    print(f"compiled extraction modules: {results['compiled']}")
    s = results["spacy_pipeline_on_seeds"]
    print(f" spaCy nlp(text) on seeds: {s['chars_per_cpu_second']:,} chars/s per core")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
