"""The ``sunshine`` command: ``sunshine --help`` lists the subcommands."""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from sunshine_analysis import __version__
from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import RulesError
from sunshine_analysis.config.vocab import LABELS
from sunshine_analysis.outputs.atomic import write_files
from sunshine_analysis.problems import InputError

Handler = Callable[[argparse.Namespace], int]


def year_folder(args: argparse.Namespace) -> tuple[Path, int]:
    """The raw folder and year a command works on, the same way for every command.

    The folder given; else, with ``--year``, ``data/raw/<year>``; else the newest year under
    ``data/raw/``. The year is the folder's name unless ``--year`` says it (a folder named
    收到的材料 needs it).
    """
    if args.raw_dir:
        raw_dir = Path(args.raw_dir)
    elif args.year is not None:
        raw_dir = paths.raw_dir(args.year)
    else:
        raw_dir = paths.latest_raw_dir()
    return raw_dir, paths.year_of(raw_dir, args.year)


def _demo_data(args: argparse.Namespace) -> int:
    from sunshine_analysis.sample import write_demo_year

    written = write_demo_year(args.year, Path(args.out_dir), seed=args.seed, layout=args.layout)
    print(f"已生成 {args.year} 年示例数据：{len(written)} 个文件 → {args.out_dir}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from sunshine_analysis.outputs.write import write_contract
    from sunshine_analysis.scoring.run import score_folder

    raw_dir, year = year_folder(args)
    inputs, scores = score_folder(raw_dir, args.rules, year=year)
    written = write_contract(inputs, scores, args.out or paths.processed_dir(year), with_analyses=True)
    for path in written:
        print(f"已写入 {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from sunshine_analysis.config.rules import load_rules
    from sunshine_analysis.ingest import check_year
    from sunshine_analysis.problems import format_problems

    raw_dir, year = year_folder(args)
    rules = load_rules(args.rules, year=year)
    result = check_year(raw_dir, rules, year=year)
    for row in result.manifest.itertuples():
        sheet = f"［{row.sheet}］" if row.sheet else ""
        sector = f"（{_sector_name(row.sector)}）" if row.sector else ""
        rows = f"，读取 {row.rows} 行" if row.kind != "skipped" and row.sheet and row.rows is not None else ""
        note = f"；{row.note}" if row.note else ""
        print(f"{row.path}{sheet} → {row.kind_name}{sector}{rows}{note}")
    problems = result.problems
    if result.inputs is not None:
        _check_field_plan(result.inputs.item_scores, Path(args.field_plan or paths.fieldwork_dir(year)))
    if not problems and (result.manifest["kind"] == "rectification").any():
        problems = _check_register(raw_dir, rules, year)
    if problems:
        print(format_problems(problems.to_frame()), file=sys.stderr)
        if result.unplaced:
            print(_write_draft(raw_dir, year, result.unplaced), file=sys.stderr)
        if args.annotate:
            from sunshine_analysis.outputs.annotate import annotate

            for path in annotate(raw_dir, problems.to_frame(), Path(args.annotate)):
                print(f"已写出问题标注：{path}", file=sys.stderr)
        return 1
    print(f"检查通过：{len(result.manifest)} 个文件（工作表），未发现问题。")
    return 0


def _check_field_plan(item_scores, plan_path: Path) -> None:
    """Print the sub-units scored outside the year's field plan, when there is a plan."""
    from sunshine_analysis.fieldwork.sampling import read_field_plan
    from sunshine_analysis.ingest.validate import check_sub_units
    from sunshine_analysis.problems import format_problems

    plan = read_field_plan(plan_path)
    if plan is None:
        return
    warnings = check_sub_units(item_scores, plan)
    if warnings:
        print(f"抽查单位与实地考评抽样方案（{plan_path}）不符的提示（不影响计分）：", file=sys.stderr)
        print(format_problems(warnings.to_frame()).replace("个问题", "处需要核对", 1), file=sys.stderr)


def _check_register(raw_dir: Path, rules, year: int):
    """The register's errors (as problems), after printing its warnings against the notices."""
    from sunshine_analysis.fieldwork.supervision import rectification_check
    from sunshine_analysis.problems import Problems, format_problems

    problems = Problems()
    try:
        _, warnings = rectification_check(raw_dir, rules, year)
    except InputError as exc:
        for p in exc.problems.astype(object).where(exc.problems.notna(), None).to_dict("records"):
            problems.add(**{k: ("" if v is None and k != "row" else v) for k, v in p.items()})
        return problems
    if len(warnings):
        print("整改情况登记表提示（不影响计分）：", file=sys.stderr)
        print(format_problems(warnings).replace("个问题", "处需要核对", 1), file=sys.stderr)
    return problems


def _write_draft(raw_dir: Path, year: int, unplaced: list[dict]) -> str:
    """Write the draft mapping beside the year folder (never over the analyst's own); say where."""
    from sunshine_analysis.ingest import draft_mapping, mapping_path
    from sunshine_analysis.ingest.mapping import DRAFT_SUFFIX

    own = mapping_path(raw_dir)
    path = own if not own.exists() else own.with_name(raw_dir.name + DRAFT_SUFFIX)
    path.write_text(draft_mapping(year, unplaced), encoding="utf-8")
    return (
        f"已写出识别说明草稿：{path}\n"
        f"请核对其中每一项（文件是什么材料、所属板块、各列含义），"
        f"{'' if path == own else '改正后另存为 ' + own.name + '，'}再运行 sunshine validate。"
    )


def _explain(args: argparse.Namespace) -> int:
    from sunshine_analysis.scoring.explain import explain_unit
    from sunshine_analysis.scoring.run import score_folder

    raw_dir, year = year_folder(args)
    _, scores = score_folder(raw_dir, args.rules, year=year)
    print(explain_unit(scores, args.unit).text())
    return 0


def _sector_name(code: str) -> str:
    from sunshine_analysis.config.vocab import SECTORS

    return SECTORS.get(code, code)


def _report(args: argparse.Namespace) -> int:
    from sunshine_analysis.render.build import ReportError, build_report
    from sunshine_analysis.render.index import INDEX_FILE

    raw_dir, year = year_folder(args)
    try:
        written = build_report(
            year,
            raw_dir=raw_dir,
            processed_dir=Path(args.data) / str(year) if args.data else None,
            out_dir=Path(args.out) if args.out else None,
            rules_path=args.rules,
            units=args.units or (),
            jobs=args.jobs,
            progress=True,
        )
    except ReportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    html = [p for p in written if p.suffix in (".html", ".xlsx")]
    index = [p for p in html if p.name == INDEX_FILE and p.parent.name != "units"]
    reports = [p for p in html if p not in index]
    print(f"已写入 {len(reports)} 份报告（{reports[0].parent if reports else ''}）")
    for path in index:
        print(f"报告文件目录（仅供办公室内部使用，不得发给被考评单位）：{path}")
    return 0


def _templates(args: argparse.Namespace) -> int:
    from sunshine_analysis.fieldwork.folder import read_folder
    from sunshine_analysis.outputs.templates import write_templates
    from sunshine_analysis.problems import Problems

    raw_dir, year, rules, out = _fieldwork_setup(args)
    out = Path(args.out) if args.out else paths.reports_dir(year) / "templates"
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        problems.raise_if_any()
    if not rules.items:
        raise ValueError(f"评分细则文件没有 [items]（各板块的评分项和满分），无法生成模板：{rules.source}")
    for path in write_templates(folder.units, rules, year, out):
        print(f"已写入 {path}")
    return 0


def _fieldwork_setup(args: argparse.Namespace):
    from sunshine_analysis.config.rules import load_rules

    raw_dir, year = year_folder(args)
    out = Path(args.out) if args.out else paths.fieldwork_dir(year)
    return raw_dir, year, load_rules(args.rules, year=year), out


def _submissions(args: argparse.Namespace) -> int:
    from sunshine_analysis.fieldwork.config import supervision_rules
    from sunshine_analysis.fieldwork.files import workbook_bytes
    from sunshine_analysis.fieldwork.submissions import check_submissions, checklist_sheets
    from sunshine_analysis.fieldwork.supervision import supervision_list

    raw_dir, year, rules, out = _fieldwork_setup(args)
    check = check_submissions(raw_dir, rules, year)
    # Ledger problems are the supervision thresholds of the rules file; open items below them are
    # counted, not flagged.
    sheets = checklist_sheets(check, supervision_list(check, supervision_rules(rules)).reasons)
    overview = sheets["报送情况"]
    flagged = overview[overview["问题"] != ""].astype(object).fillna("")
    print(f"{year} 年材料报送检查：{len(overview)} 个单位，{len(flagged)} 个存在问题")
    in_progress, not_done = overview["推进中"].fillna(0), overview["未完成"].fillna(0)
    print(
        f"台账事项：{int((in_progress > 0).sum())} 个单位有推进中的事项（共 {int(in_progress.sum())} 项），"
        f"{int((not_done > 0).sum())} 个单位有未完成的事项（共 {int(not_done.sum())} 项）；"
        "未超过督办比例的不计为问题"
    )
    print(
        flagged[
            [
                LABELS["unit_name"],
                "工作总结",
                "字数",
                "字数上限",
                "规范提升情况表",
                "推进中",
                "未完成",
                "问题",
            ]
        ].to_string(index=False, na_rep="")
    )
    for path in write_files(out, {"材料报送检查表.xlsx": workbook_bytes(sheets)}, merge=True):
        print(f"已写入 {path}")
    return 0


def _supervision(args: argparse.Namespace) -> int:
    from sunshine_analysis.fieldwork.supervision import REASON_NAMES, supervise, supervision_files

    raw_dir, year, rules, out = _fieldwork_setup(args)
    result = supervise(raw_dir, rules, year)
    print(f"{year} 年拟督办单位：{result.reasons['unit_id'].nunique()} 个")
    for r in result.reasons.itertuples():
        print(f"  {r.unit_name}：{REASON_NAMES[r.reason]}（{r.detail}）")
    for path in write_files(out, supervision_files(result), merge=True):
        print(f"已写入 {path}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from sunshine_analysis.review.audit import reviewer_notes
    from sunshine_analysis.review.run import AUDIT_FILE, review_files, run_review
    from sunshine_analysis.review.visits import last_year_composite

    raw_dir, year, rules, out = _fieldwork_setup(args)
    processed = Path(args.data) if args.data else paths.PROCESSED_DIR
    last_year, source = last_year_composite(year, processed, raw_dir.parent)
    notes = reviewer_notes(out / AUDIT_FILE)
    result = run_review(raw_dir, rules, year, last_year=last_year, notes=notes)
    kinds = result.points.groupby("kind")["unit_id"].nunique()
    print(
        f"{year} 年工作总结审核：{result.audit['file'].ne('').sum()} 份工作总结，"
        f"{kinds.get('highlight', 0)} 个单位摘出创新亮点，{kinds.get('problem', 0)} 个单位摘出存在问题"
    )
    if notes:
        print(f"  沿用原审核汇总表中 {len(notes)} 个单位的审核意见")
    for theme in result.themes.itertuples():
        print(f"  共性问题「{theme.theme}」：{theme.n_units} 个单位")
    print(f"上年度综合得分：{source}")
    listed = result.key_reasons.groupby("unit_id", sort=False)
    print(f"重点部门（单位）：{listed.ngroups} 个")
    for _, group in listed:
        print(f"  {group['unit_name'].iloc[0]}：{'、'.join(group['reason_name'])}")
    for path in write_files(out, review_files(result), merge=True):
        print(f"已写入 {path}")
    return 0


def _field_sample(args: argparse.Namespace) -> int:
    from sunshine_analysis.fieldwork.sampling import (
        default_seed_file,
        draw_plan,
        keep_seed,
        new_seed,
        plan_files,
        read_seed,
        seed_hash,
    )

    if args.seed is not None and args.seed_file is not None and not args.commit:
        raise ValueError("--seed 和 --seed-file 只能给一个")
    if args.commit:
        seed = args.seed
        if seed is None:
            seed = new_seed()
        elif len(seed) < 16:
            print(
                "提示：种子较短，公布其 SHA-256 后他人可能猜出种子；建议使用自动生成的种子。", file=sys.stderr
            )
        digest = seed_hash(seed)
        # Kept before the hash is printed: no hash is ever announced for a seed that is kept nowhere.
        kept = keep_seed(seed, args.seed_file or default_seed_file(seed))
        print(
            f"种子已保存在 {kept}（仅本人可读，不在终端显示）。抽样前不要公布；"
            f"抽样时用 --seed-file {kept}；实地考评结束后公布种子。",
            file=sys.stderr,
        )
        print(digest)
        return 0
    seed = args.seed if args.seed_file is None else read_seed(args.seed_file)
    if seed is None:
        raise ValueError("抽样需要种子：--seed-file 种子文件 或 --seed SEED（先用 --commit 公布其 SHA-256）")
    if args.expect and seed_hash(seed) != args.expect.strip().lower():
        raise ValueError("种子的 SHA-256 与事先公布的不一致，未抽样")
    raw_dir, year, rules, out = _fieldwork_setup(args)
    plan = draw_plan(raw_dir, rules, year, seed)
    counts = plan.plan.groupby("unit_name", sort=False).size()
    print(f"{year} 年实地考评抽样：种子 SHA-256 {plan.provenance['seed_sha256']}")
    for unit_name, n in counts.items():
        print(f"  {unit_name}：抽取 {n} 个")
    for path in write_files(out, plan_files(plan), merge=True):
        print(f"已写入 {path}")
    return 0


def _rules_new(args: argparse.Namespace) -> int:
    from sunshine_analysis.config.rules import new_rules_file

    path = new_rules_file(args.year, Path(args.out) if args.out else None)
    print(f"已写入 {path}：请按 {args.year} 年的评分细则修改其中的分值，然后运行 sunshine validate")
    return 0


def add_raw_folder(parser: argparse.ArgumentParser, out: str | None = None) -> argparse.ArgumentParser:
    """Give a subcommand the raw folder it reads, with --year, --rules and (when it writes)
    --out, worded the same for every command (see :func:`year_folder`)."""
    parser.add_argument(
        "raw_dir", nargs="?", help="原始数据文件夹，如 data/raw/2021（默认：data/raw/ 下最新的年度）"
    )
    parser.add_argument("--year", type=int, help="考评年度（默认取文件夹名；文件夹名不是年份时必须给出）")
    parser.add_argument(
        "--rules", type=Path, help="评分细则文件（默认：rules/<年度>.toml 或随程序提供的该年度细则）"
    )
    if out:
        parser.add_argument("--out", help=f"输出文件夹（默认 {out}）")
    return parser


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

    p = add("demo-data", _demo_data, "生成一年的示例原始数据")
    p.add_argument("year", type=int, help="考评年度，如 2020")
    p.add_argument("out_dir", help="输出文件夹（须不存在或为空）")
    p.add_argument("--seed", type=int, default=0, help="随机种子；相同种子生成相同文件")
    p.add_argument(
        "--layout",
        choices=["varied", "standard"],
        default="varied",
        help="varied：各板块评分表采用不同的实际版式（默认）；standard：办公室标准模板",
    )

    for name, handler, text in (
        ("validate", _validate, "识别并检查一年的原始文件，列出所有问题"),
        ("score", _score, "计分并写出数据契约文件（units、item_scores、sector_scores、composite、manifest）"),
    ):
        p = add_raw_folder(add(name, handler, text), "data/processed/<年度>/" if name == "score" else None)
        if name == "validate":
            p.add_argument(
                "--annotate",
                metavar="OUT_DIR",
                help="把有问题的文件另存一份到此文件夹，问题单元格标红并加批注，附问题清单，便于退回报送单位",
            )
            p.add_argument(
                "--field-plan",
                metavar="FILE",
                help="实地考评抽样方案 field_plan.csv（默认 reports/<年度>/fieldwork/ 中的）："
                "抽查单位不在其中时提示",
            )

    p = add("explain", _explain, "逐步说明一个单位的综合得分和名次是怎样算出来的")
    p.add_argument("unit", help="单位名称（可用简称、别名）或 unit_id")
    add_raw_folder(p)

    p = add_raw_folder(
        add(
            "report",
            _report,
            "计分并生成七月汇总报告、各单位反馈、结果工作簿和办公室用的文件目录（index.html）",
        ),
        "reports/<年度>/",
    )
    p.add_argument("--data", help="计分明细表的上级文件夹，按年度分子文件夹（默认 data/processed/）")
    p.add_argument("--units", nargs="+", metavar="UNIT", help="只生成这些单位的反馈（单位名称或编号）")
    p.add_argument("--jobs", type=int, help="并行进程数（默认为可用的处理器核数）")

    for name, handler, text in (
        ("submissions", _submissions, "检查工作总结和规范提升情况表的报送、字数和完成情况，写出检查表"),
        ("supervision", _supervision, "列出需督办的单位及原因，生成督办通知草稿（.docx）"),
        (
            "review",
            _review,
            "审核工作总结：摘出各单位的创新亮点和存在问题，写出审核汇总表、共性问题和实地考评重点部门名单",
        ),
    ):
        p = add_raw_folder(add(name, handler, text), "reports/<年度>/fieldwork/")
        if name == "review":
            p.add_argument(
                "--data",
                help="上一年度计分明细表（composite.csv）的上级文件夹，按年度分子文件夹"
                "（默认 data/processed/；没有时按原始数据文件夹旁的上一年度文件夹重新计分）",
            )

    add_raw_folder(
        add(
            "templates",
            _templates,
            "按一览表和评分细则生成各板块考评得分表模板（含单位名单、评分项、满分校验）",
        ),
        "reports/<年度>/templates/",
    )

    p = add("field-sample", _field_sample, "实地考评随机抽样：先 --commit 公布种子的哈希，再用 --seed 抽样")
    add_raw_folder(p, "reports/<年度>/fieldwork/")
    p.add_argument("--seed", help="抽样种子（字符串）；相同种子和抽样框得到相同的抽样结果")
    p.add_argument(
        "--commit",
        action="store_true",
        help="把种子（未给 --seed 时自动生成）保存到种子文件，只打印其 SHA-256",
    )
    p.add_argument(
        "--seed-file",
        type=Path,
        help="种子文件：--commit 时写入（仅本人可读，不覆盖已有文件；默认为项目文件夹中的 "
        "实地考评抽样种子-<SHA-256 前 12 位>.txt），抽样时从中读取种子（代替 --seed）",
    )
    p.add_argument("--expect", help="事先公布的种子 SHA-256；不一致时不抽样")

    rules = add("rules", lambda args: 0, "评分细则文件").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = rules.add_parser("new", help="从上一年度复制出新年度的细则文件 rules/<年度>.toml，供修改")
    p.set_defaults(handler=_rules_new)
    p.add_argument("year", type=int, help="新的考评年度，如 2021")
    p.add_argument("--out", help="细则文件夹（默认为项目的 rules/）")
    return parser


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM: unwinds as Ctrl-C does, so that what the run had half made is removed,
    its worker processes are stopped and nothing of it is published."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    # Once is enough: a second signal must not interrupt the clean-up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stopped(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sunshine`` command; returns the exit status (128 + the signal's number when
    stopped by SIGINT or SIGTERM)."""
    args = build_parser().parse_args(argv)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return args.handler(args)
    except Stopped as exc:
        print(
            f"已中断（收到 {signal.Signals(exc.signum).name} 信号）：本次运行已停止，"
            "未完成的结果没有发布，原有结果保持不变。",
            file=sys.stderr,
        )
        return 128 + exc.signum
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        print("未写出任何文件。", file=sys.stderr)
        return 1
    except OSError as exc:  # before ValueError's kin: disk full, no permission, read-only …
        print(f"错误：{os_message(exc)}", file=sys.stderr)
        print("之前写出的结果保持原样。", file=sys.stderr)
        return 1
    except (RulesError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在磁盘或文件夹是只读的",
    errno.ENOENT: "找不到文件或文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已存在同名的文件或文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "同时打开的文件过多",
}


def os_message(exc: OSError) -> str:
    """An operating-system fault in Chinese, naming the path, for a person to act on.

    >>> os_message(OSError(errno.ENOSPC, "No space left on device", "/data/reports/2020"))
    '磁盘空间不足：/data/reports/2020（No space left on device）'
    """
    reason = _OS_REASONS.get(exc.errno or 0, "无法读写文件")
    where = "、".join(str(f) for f in (exc.filename, exc.filename2) if f)
    detail = exc.strerror or str(exc)
    return f"{reason}：{where}（{detail}）" if where else f"{reason}（{detail}）"


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["build_parser", "main"]
