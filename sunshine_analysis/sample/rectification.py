"""The rectification register (整改情况登记表): how the units that got a supervision notice answered.

The notices are those the office's own tool draws from the materials just written (the
supervision list of the year's packaged rules file), so the register always answers the
notices a run on the sample year issues. A realistic mix: one notice with ledger items is not
answered at all (nor is a notice that listed none, for a missing status table); of the items
answered, a few are 未整改, some 整改中 and most 已整改, each 已整改 item with its date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sunshine_analysis.config.paths import RULES_DIR
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.sample.files import write_xlsx
from sunshine_analysis.sample.world import SampleYear, one, rng_for

REGISTER = "整改情况登记表.xlsx"
HEADER = ["序号", "单位名称", "板块", "台账事项", "整改情况", "整改日期", "备注"]
IN_PROGRESS_NOTES = ("已制定整改方案，预计7月底前完成", "正在补充完善台账资料", "已启动，待系统升级后完成")
NOT_RECTIFIED_NOTES = ("涉及上级业务系统改造，暂无法整改", "人员调整，尚未落实", "待市级统一部署")


def write_register(y: SampleYear, out: Path) -> list[Path]:
    """Write the register answering the supervision notices drawn from ``out``'s materials.

    Args:
        y: The sample year (its seed and deadline).
        out: The raw folder, with the registry, submission log, status tables and summaries.

    Returns:
        The register's path, or nothing when no notice has a ledger item to answer.
    """
    from sunshine_analysis.fieldwork.supervision import supervise

    packaged = RULES_DIR / f"{y.year}.toml"
    if not packaged.is_file():  # a year with no packaged rules: the newest year's thresholds
        packaged = max(RULES_DIR.glob("[0-9]*.toml"), key=lambda p: int(p.stem))
    items = supervise(out, load_rules(packaged), y.year).items
    units = list(dict.fromkeys(items["unit_id"]))
    if not units:
        return []
    rng = rng_for(y.seed, "rectification")
    silent = one(rng, units)
    answered = items[items["unit_id"] != silent].reset_index(drop=True)
    n = len(answered)
    order = rng.permutation(n).tolist()
    not_rectified = set(order[: max(1, round(n * 0.1))])
    in_progress = set(order[len(not_rectified) : len(not_rectified) + max(1, round(n * 0.2))])
    deadline = dt.date(y.year, *y.ref["submission_deadline"])
    rows = []
    for i, r in enumerate(answered.itertuples()):
        if i in not_rectified:
            state, day, note = "未整改", None, one(rng, NOT_RECTIFIED_NOTES)
        elif i in in_progress:
            state, day, note = "整改中", None, one(rng, IN_PROGRESS_NOTES)
        else:
            state, note = "已整改", None
            day = deadline + dt.timedelta(days=int(rng.integers(5, 21)))
        rows.append([len(rows) + 1, r.unit_name, SECTORS[r.sector], r.item, state, day, note])
    return [write_xlsx(out / REGISTER, "整改情况", HEADER, rows, {2: 20, 4: 28, 6: 12, 7: 30})]
