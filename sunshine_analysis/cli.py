"""The ``sunshine`` command: ``sunshine --help`` lists the subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sunshine_analysis import __version__
from sunshine_analysis.problems import InputError
from sunshine_analysis.rules import RulesError

Handler = Callable[[argparse.Namespace], int]


def _demo_data(args: argparse.Namespace) -> int:
    from sunshine_analysis.demo import write_demo_year

    written = write_demo_year(args.year, Path(args.out_dir), seed=args.seed)
    print(f"已生成 {args.year} 年示例数据：{len(written)} 个文件 → {args.out_dir}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from sunshine_analysis.pipeline import score_folder, write_contract

    inputs, scores = score_folder(args.raw_dir, args.rules, year=args.year)
    written = write_contract(inputs, scores, args.out)
    for path in written:
        print(f"已写入 {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from sunshine_analysis.ingest import scan_folder
    from sunshine_analysis.pipeline import score_folder
    from sunshine_analysis.problems import Problems

    manifest, _ = scan_folder(Path(args.raw_dir), Problems())
    for row in manifest.itertuples():
        sheet = f" [{row.sheet}]" if row.sheet else ""
        rows = f"，{int(row.rows)} 行" if row.rows == row.rows and row.rows != "" else ""
        print(f"{row.path}{sheet} → {row.kind_name}{'（' + row.sector + '）' if row.sector else ''}{rows}")
    score_folder(args.raw_dir, args.rules, year=args.year)
    print("检查通过，未发现问题。")
    return 0


def _report(args: argparse.Namespace) -> int:
    from sunshine_analysis.report import build_report

    for path in build_report(args.year, rules_path=args.rules):
        print(f"已写入 {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sunshine`` command."""
    parser = argparse.ArgumentParser(
        prog="sunshine", description="“阳光漯河”建设考评：读取、计分、排名、生成报告。"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = add("demo-data", _demo_data, "生成一年的示例原始数据（办公室标准模板）")
    p.add_argument("year", type=int, help="考评年度，如 2020")
    p.add_argument("out_dir", help="输出文件夹（须不存在或为空）")
    p.add_argument("--seed", type=int, default=0, help="随机种子；相同种子生成相同文件")

    for name, handler, text in (
        ("validate", _validate, "识别并检查一年的原始文件，列出所有问题"),
        ("score", _score, "计分并写出数据契约文件（units、item_scores、sector_scores、composite、manifest）"),
    ):
        p = add(name, handler, text)
        p.add_argument("raw_dir", help="原始数据文件夹，如 data/raw/2020")
        p.add_argument("--year", type=int, help="考评年度（默认取文件夹名）")
        p.add_argument("--rules", type=Path, help="评分细则文件（默认为该年度的细则）")
        if name == "score":
            p.add_argument("--out", required=True, help="输出文件夹")

    p = add("report", _report, "计分并生成七月汇总报告（HTML）")
    p.add_argument("--year", type=int, default=2020, help="考评年度（默认 2020）")
    p.add_argument("--rules", type=Path, help="评分细则文件（默认为该年度的细则）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sunshine`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        print("未写出任何文件。", file=sys.stderr)
        return 1
    except (RulesError, FileNotFoundError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["build_parser", "main"]
