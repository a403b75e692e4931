"""The field-visit draw (实地考评抽样): random, reproducible and verifiable.

Every member of a stratum gets the rank key ``SHA-256(seed \\n county \\n stratum \\n township
\\n member)`` (UTF-8, hex); the members with the lowest keys are drawn, ties (never seen in
practice) broken by name. Names are normalised (NFKC, whitespace removed) first, so neither the
frame's row order nor stray spaces change the plan, and nothing depends on a random-number
generator whose algorithm could change between Python or library versions. The README's
"Field sampling" section documents the algorithm for anyone who wants to re-check a plan.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import LABELS, SECRET_MARK, SECTORS
from sunshine_analysis.fieldwork.config import STRATA, SamplingRules, sampling_rules
from sunshine_analysis.fieldwork.files import workbook_bytes
from sunshine_analysis.fieldwork.folder import FieldworkFolder, claim_unit, read_folder
from sunshine_analysis.ingest.normalise import normalise_text
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.outputs import contract
from sunshine_analysis.outputs.atomic import published_folder_of
from sunshine_analysis.outputs.write import csv_bytes
from sunshine_analysis.problems import InputError, Problems

ALGORITHM = "sha256-rank/1"
"""Name and version of the draw algorithm, recorded in every plan."""

FRAME_TYPES = ("党委部门", "县直部门", "乡镇", "村")
FRAME = [
    "unit_id",
    "type",
    "name",
    "township",
    "approval",
    "service_centre",
    *contract.SOURCE,
]
PLAN = [
    "year",
    "unit_id",
    "unit_name",
    "sector",
    "stratum",
    "township",
    "draw_order",
    "member",
    "rank_key",
    "note",
]
_YES = {"是", "有", "√", "✓", "Y", "y", "1"}
_NO = {"否", "无", "×", "N", "n", "0"}
_FLAGS = {"县直部门": ("approval", "行政审批职能"), "乡镇": ("service_centre", "便民服务中心")}
_ELIGIBLE = {
    "party_committee_departments": lambda f: f["type"] == "党委部门",
    "party_county_departments": lambda f: f["type"] == "县直部门",
    "approval_departments": lambda f: (f["type"] == "县直部门") & (f["approval"] == True),  # noqa: E712
    "service_centres": lambda f: (f["type"] == "乡镇") & (f["service_centre"] == True),  # noqa: E712
    "townships": lambda f: f["type"] == "乡镇",
}


@dataclass
class FieldPlan:
    """A drawn field plan: the tidy table (:data:`PLAN`) and its provenance."""

    plan: pd.DataFrame
    provenance: dict


def seed_hash(seed: str) -> str:
    """The SHA-256 (hex) of a seed, as announced before the draw.

    >>> seed_hash("abc")[:16]
    'ba7816bf8f01cfea'
    """
    check_seed(seed)
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def new_seed() -> str:
    """A fresh seed of 128 random bits from the operating system (``secrets``)."""
    return secrets.token_hex(16)


def check_seed(seed: str) -> None:
    """Refuse seeds that could be typed two ways: empty, or holding whitespace or control characters."""
    if not seed or any(ch.isspace() or not ch.isprintable() for ch in seed):
        raise ValueError("种子不能为空，也不能含空格、换行或控制字符")


SEED_FILE = "实地考评抽样种子-{digest}.txt"
"""Name of the file ``--commit`` keeps the seed in by default, ``{digest}`` the first 12 hex
digits of its SHA-256; in the project folder (:data:`~sunshine_analysis.config.paths.PROJECT_ROOT`)."""


def default_seed_file(seed: str) -> Path:
    """Where ``sunshine field-sample --commit`` keeps ``seed`` unless told otherwise: the project
    folder (a checkout's root, or else the current folder), beside ``data/`` and ``reports/``
    rather than in them, so neither ``make clean`` nor the next run's republished folder takes
    it, and it goes to no unit."""
    return paths.PROJECT_ROOT / SEED_FILE.format(digest=seed_hash(seed)[:12])


def keep_seed(seed: str, path: str | Path) -> Path:
    """Write ``seed`` (and a line end) into a new file ``path`` that only its owner can read.

    The file is created mode 0600 whatever the umask, never over an existing file (one holding
    this same seed is accepted as it is) and never through a symbolic link, and flushed to disk
    before the seed's hash is announced. A path inside an output folder the tool publishes
    (replaced as a whole on the next run, sent to units) or under ``data/processed`` or
    ``reports`` (emptied by ``make clean``) is refused.

    Returns:
        The file, as an absolute path.
    """
    check_seed(seed)
    path = Path(path).absolute()
    where = path.parent.resolve()
    published = published_folder_of(path)
    if published is not None:
        raise ValueError(
            f"种子文件不能放在工具发布的结果文件夹「{published}」里（下次运行时整体替换，也可能随结果发给各单位）：{path}"
        )
    for outputs in (paths.PROCESSED_DIR, paths.REPORTS_DIR):
        if where.is_relative_to(outputs.resolve()):
            raise ValueError(
                f"种子文件不能放在「{outputs}」里（其中是生成的结果，make clean 会清空）：{path}"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if _holds_seed(path, seed):
            return path
        raise ValueError(
            f"种子文件「{path}」已存在且不是这个种子；为免覆盖原有的种子，未写入，请另选 --seed-file"
        ) from None
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), 0o600)  # the umask may have taken the owner's bits too
            file.write(f"{seed}\n".encode())
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _holds_seed(path: Path, seed: str) -> bool:
    """Whether ``path`` is a plain file holding ``seed`` as :func:`keep_seed` writes it."""
    if path.is_symlink() or not path.is_file() or path.stat().st_size > len(seed.encode()) + 2:
        return False
    return path.read_bytes().removesuffix(b"\n").removesuffix(b"\r") == seed.encode()


def read_seed(path: str | Path) -> str:
    """The seed kept in ``path`` (:func:`keep_seed`), without its line end."""
    text = Path(path).read_text(encoding="utf-8")
    seed = text.removesuffix("\n").removesuffix("\r")
    check_seed(seed)
    return seed


def rank_key(seed: str, unit_name: str, stratum: str, township: str, member: str) -> str:
    """The rank key of one frame member: lower keys are drawn first.

    >>> rank_key("s", "临颍县", "townships", "", "杜曲镇") == hashlib.sha256(
    ...     "s\\n临颍县\\ntownships\\n\\n杜曲镇".encode()).hexdigest()
    True
    """
    text = "\n".join((seed, unit_name, stratum, township, member))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_frames(folder: FieldworkFolder, problems: Problems) -> pd.DataFrame:
    """Every sampling frame, one row per member (:data:`FRAME`), names normalised."""
    frames, owner = [], {}
    for sheet, header in folder.of_kind("sampling_frame"):
        file = str(sheet.file)
        unit_id = claim_unit(sheet.file, folder.index, "抽样框", owner, problems, who="县区")
        if unit_id is None:
            continue
        rows, seen = [], {}
        for r in sheet_table(sheet, header).to_dict("records"):
            where = {"sheet": sheet.name, "row": r["source_row"]}
            kind, name = normalise_text(r["类型"]), normalise_text(r["名称"])
            township = normalise_text(r["所属乡镇"]) if kind == "村" else ""
            row = {"unit_id": unit_id, "type": kind, "name": name, "township": township}
            row |= {"approval": None, "service_centre": None}
            if kind not in FRAME_TYPES:
                problems.unknown(file, "类型", kind, FRAME_TYPES, **where)
                continue
            if not name:
                problems.add(file, "名称为空", column="名称", **where)
                continue
            if kind == "村" and not township:
                problems.add(file, "村（社区）未写所属乡镇", column="所属乡镇", found=name, **where)
                continue
            if kind in _FLAGS:
                key, column = _FLAGS[kind]
                flag = normalise_text(r.get(column))
                if flag not in _YES | _NO:
                    problems.add(
                        file,
                        f"{kind}的{column}应写是或否",
                        column=column,
                        found=flag,
                        expected="是、否",
                        **where,
                    )
                    continue
                row[key] = flag in _YES
            ident = (kind, township, name)
            if ident in seen:
                problems.add(
                    file,
                    "抽样框中重复列出",
                    column="名称",
                    found=name,
                    expected=f"只列一次（已见于第 {seen[ident]} 行）",
                    **where,
                )
                continue
            seen[ident] = r["source_row"]
            rows.append(
                row | {"source_file": file, "source_sheet": sheet.name, "source_row": r["source_row"]}
            )
        townships = {r["name"] for r in rows if r["type"] == "乡镇"}
        for r in rows:
            if r["type"] == "村" and r["township"] not in townships:
                problems.add(
                    file,
                    "村（社区）的所属乡镇不在本抽样框的乡镇中",
                    sheet=r["source_sheet"],
                    row=r["source_row"],
                    column="所属乡镇",
                    found=r["township"],
                    expected="、".join(sorted(townships)) or "先列出乡镇",
                )
        frames.append(pd.DataFrame(rows, columns=FRAME))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FRAME)


def draw_unit(
    frame: pd.DataFrame, unit_name: str, counts: dict[str, int], seed: str, sectors: set[str]
) -> tuple[list[dict], list[str]]:
    """Draw one county's (or zone's) field plan from its frame.

    Strata are drawn in the order of :data:`~sunshine_analysis.fieldwork.config.STRATA`; within
    a sector nobody is drawn twice (a member drawn in an earlier stratum of the sector is no
    longer eligible). Strata of sectors the unit does not take part in are skipped.

    Returns:
        The drawn rows and the shortfalls (Chinese sentences; the caller decides whether a
        shortfall is an error, by the rules file's ``sampling.short_frame``).
    """
    rows: list[dict] = []
    short: list[str] = []
    drawn: dict[str, set[str]] = {}

    def take(stratum: str, township: str, names: list[str], k: int) -> list[str]:
        sector, label = STRATA[stratum]
        taken = drawn.setdefault(sector, set())
        pool = sorted({n for n in names if n not in taken})
        keys = {n: rank_key(seed, unit_name, stratum, township, n) for n in pool}
        chosen = sorted(pool, key=lambda n: (keys[n], n))[:k]
        note = ""
        if len(pool) < k:
            where = f"{township}的" if township else ""
            note = f"抽样框中可抽取的{where}{label}只有{len(pool)}个，少于应抽取的{k}个"
            short.append(note)
            note += "，已全部抽取"
        taken.update(chosen)
        for order, name in enumerate(chosen, start=1):
            rows.append(
                {
                    "sector": sector,
                    "stratum": stratum,
                    "township": township,
                    "draw_order": order,
                    "member": name,
                    "rank_key": keys[name],
                    "note": note,
                }
            )
        return chosen

    for stratum, (sector, _) in STRATA.items():
        if sector not in sectors or stratum == "villages_per_township":
            continue
        chosen = take(stratum, "", frame.loc[_ELIGIBLE[stratum](frame), "name"].tolist(), counts[stratum])
        if stratum == "townships" and "village" in sectors:
            for township in chosen:
                villages = frame.loc[(frame["type"] == "村") & (frame["township"] == township), "name"]
                take("villages_per_township", township, villages.tolist(), counts["villages_per_township"])
    return rows, short


def draw_plan(raw_dir: str | Path, rules: Rules, year: int, seed: str) -> FieldPlan:
    """Draw the field plan of every county and zone of one raw folder.

    Raises:
        InputError: Every problem of the registry and the frames, and every frame too small
            for its count unless the rules file says ``short_frame = "take_all"``.
        RulesError: The ``[sampling]`` table is malformed.
        ValueError: The seed is empty or holds whitespace.
    """
    settings = sampling_rules(rules)
    digest = seed_hash(seed)
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    frames = read_frames(folder, problems)
    sampled = folder.units[folder.units["unit_kind"].isin(list(settings.counts))]
    files = frames.groupby("unit_id")["source_file"].first()
    for unit in sampled.itertuples():
        if unit.unit_id not in files.index:
            problems.add(
                str(folder.raw_dir),
                "缺少抽样框",
                found=unit.unit_name,
                expected=f"「实地考评抽样框/{unit.unit_name}抽样框.xlsx」",
            )
    for unit_id in sorted(set(files.index) - set(sampled["unit_id"])):
        problems.add(files[unit_id], "抽样框所属单位不参加实地考评抽样", found=folder.index.names[unit_id])
    problems.raise_if_any()
    rows = []
    for unit in sampled.itertuples():
        frame = frames[frames["unit_id"] == unit.unit_id]
        drawn, short = draw_unit(
            frame,
            unit.unit_name,
            settings.counts[unit.unit_kind],
            seed,
            set(unit.sectors.split(";")),
        )
        if settings.short_frame == "error":
            for sentence in short:
                problems.add(
                    files[unit.unit_id],
                    sentence,
                    expected='补充抽样框，或在规则文件中设 short_frame = "take_all"',
                )
        rows += [{"year": year, "unit_id": unit.unit_id, "unit_name": unit.unit_name, **r} for r in drawn]
    problems.raise_if_any()
    plan = pd.DataFrame(rows, columns=PLAN)
    return FieldPlan(plan, _provenance(folder, frames, rules, settings, year, digest, sampled))


def _provenance(
    folder: FieldworkFolder,
    frames: pd.DataFrame,
    rules: Rules,
    settings: SamplingRules,
    year: int,
    digest: str,
    sampled: pd.DataFrame,
) -> dict:
    listed = []
    for unit in sampled.itertuples():
        frame = frames[frames["unit_id"] == unit.unit_id]
        file = str(frame["source_file"].iloc[0])
        listed.append(
            {
                "unit_name": unit.unit_name,
                "file": file,
                "sha256": folder.sha256(Path(file)),
                "content_sha256": frame_content_hash(frame),
                "members": len(frame),
            }
        )
    registry = str(folder.sheets["registry"][0][0].file)
    return {
        "year": year,
        "package": "sunshine_analysis",
        "version": __version__,
        "algorithm": ALGORITHM,
        "seed_sha256": digest,
        "rules": {"file": Path(rules.source).name, "sha256": rules.sha256},
        "short_frame": settings.short_frame,
        "counts": settings.counts,
        "registry": {"file": registry, "sha256": folder.sha256(Path(registry))},
        "frames": listed,
    }


def frame_content_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's content (type, township, name, flags), independent of layout and row order.

    Re-saving a frame in Excel changes its file hash but not this one.
    """
    lines = sorted(
        "\t".join((r.type, r.township, r.name, _flag(r.approval), _flag(r.service_centre)))
        for r in frame.itertuples()
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _flag(value: object) -> str:
    return "" if value is None or value != value else ("是" if value else "否")


PLAN_FILE = "field_plan.csv"
"""The plan's table as :func:`plan_files` writes it (in ``reports/<year>/fieldwork/`` by default)."""


def read_field_plan(path: str | Path) -> pd.DataFrame | None:
    """A field plan written by ``sunshine field-sample`` (:data:`PLAN`), or None when there is none.

    Args:
        path: ``field_plan.csv``, or the folder holding it (``reports/<year>/fieldwork/``).
    """
    path = Path(path)
    if path.is_dir():
        path = path / PLAN_FILE
    if not path.is_file():
        return None
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def plan_files(plan: FieldPlan) -> dict[str, bytes]:
    """The plan's output files: the Excel workbook, the CSV and the provenance JSON."""
    return {
        "实地考评抽样方案.xlsx": plan_workbook(plan),
        PLAN_FILE: csv_bytes(plan.plan),
        "field_plan.json": (json.dumps(plan.provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def plan_workbook(plan: FieldPlan) -> bytes:
    """The plan as an Excel workbook: a provenance sheet, then one sheet per evaluation team (county)."""
    p = plan.provenance
    about = [
        ("年度", p["year"]),
        ("密级", SECRET_MARK),
        ("种子的 SHA-256（抽样前公布）", p["seed_sha256"]),
        ("抽样算法", f"{p['algorithm']}（见 README「Field sampling」）"),
        ("软件版本", f"{p['package']} {p['version']}"),
        ("规则文件", f"{p['rules']['file']}  SHA-256 {p['rules']['sha256']}"),
        ("单位一览表", f"{p['registry']['file']}  SHA-256 {p['registry']['sha256']}"),
        ("抽样框不足时", "报错" if p["short_frame"] == "error" else "全部抽取并注明"),
    ]
    about += [
        (
            f"抽样框：{f['unit_name']}",
            f"{f['file']}  文件 SHA-256 {f['sha256']}  内容 SHA-256 {f['content_sha256']}",
        )
        for f in p["frames"]
    ]
    sheets = {"抽样说明": pd.DataFrame(about, columns=["项目", "内容"])}
    titles = {"抽样说明": f"{p['year']}年“阳光漯河”建设实地考评抽样说明"}
    labels = {k: f"{SECTORS[s]}·{name}" for k, (s, name) in STRATA.items()}
    for unit_name, group in plan.plan.groupby("unit_name", sort=False):
        table = pd.DataFrame(
            {
                "序号": range(1, len(group) + 1),
                LABELS["sector"]: group["sector"].map(SECTORS).to_numpy(),
                "抽取类别": group["stratum"].map(labels).to_numpy(),
                "所属乡镇": group["township"].to_numpy(),
                "名称": group["member"].to_numpy(),
                "抽取顺序": group["draw_order"].to_numpy(),
                "排序值（SHA-256）": group["rank_key"].to_numpy(),
                LABELS["note"]: group["note"].to_numpy(),
            }
        )
        sheets[unit_name] = table
        titles[unit_name] = f"{p['year']}年“阳光漯河”建设实地考评抽样名单（{unit_name}考评组）"
    return workbook_bytes(sheets, titles=titles, secret=True)
