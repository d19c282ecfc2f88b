"""A large, realistic synthetic workspace: Chinese text, partial paths with skips and back-steps
over a journey of 20-30 touchpoints, aliases in use, cases resting at every step."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

STAGES = ["了解", "咨询", "到店", "体验", "成交", "交付", "用车"]
WORDS = [
    "客户",
    "等待",
    "预约",
    "门店",
    "顾问",
    "报价",
    "试驾",
    "体验",
    "服务",
    "流程",
    "系统",
    "信息",
    "同步",
    "电话",
    "回复",
    "费用",
    "说明",
    "交付",
    "车辆",
    "保养",
    "维修",
    "进度",
    "通知",
    "培训",
    "话术",
    "排期",
    "工位",
    "确认",
    "短信",
    "微信",
    "现场",
    "安排",
    "高峰",
    "资料",
    "沟通",
    "承诺",
]
CUSTOMERS = ["首次购车的年轻家庭", "经常出差的商务人士", "对价格敏感的二次购车客户", "老车主"]
OWNERS = ["门店运营部", "销售部", "售后经理", "市场部", "交付经理", "金融专员"]
LENSES = ["touchpoint", "pathway", "delivery", "ecosystem", "empathy"]
PERSPECTIVES = ["customer", "frontline", "management", "partner"]
LEVELS = ["low", "medium", "high"]
STATUSES = ["proposed", "doing", "done", "verified", "dropped"]
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _text(rnd: random.Random, words: int) -> str:
    return "".join(rnd.choice(WORDS) for _ in range(words)) + "。"


def _path(rnd: random.Random, names: list[str]) -> list[str]:
    index = rnd.randrange(len(names) - 2)
    path = [names[index]]
    while len(path) < rnd.randint(3, 6) and index < len(names) - 1:
        index = min(len(names) - 1, index + 1 + (rnd.random() < 0.3))
        path.append(names[index])
        if rnd.random() < 0.1:
            path += [path[-2], path[-1]]
    return path


def _case_id(created: date, number: int) -> str:
    suffix = ""
    for _ in range(4):
        number, rest = divmod(number, len(ALPHABET))
        suffix = ALPHABET[rest] + suffix
    return f"{created:%Y%m%d}-{suffix}"


def case_doc(
    rnd: random.Random, number: int, names: list[str], aliases: dict[str, str]
) -> dict[str, Any]:
    created = date(2024, 1, 1) + timedelta(days=rnd.randrange(900))
    path = _path(rnd, names)
    written = [aliases.get(n, n) if rnd.random() < 0.3 else n for n in path]
    spot = rnd.randrange(len(path))
    doc: dict[str, Any] = {
        "schema_version": 1,
        "id": _case_id(created, number),
        "title": _text(rnd, 6),
        "created": created,
        "updated": created + timedelta(days=rnd.randrange(30)),
        "consultant": rnd.choice(["王敏", "李想", "张伟"]),
        "tags": rnd.sample(["销售", "售后", "预约", "价格", "交付"], 2),
        "spot": {
            "touchpoint": written[spot],
            "channel": rnd.choice(["门店", "app", "电话", "官网"]),
            "observed": created,
            "problem": _text(rnd, 40),
            "severity": rnd.randint(1, 5),
            "evidence": [_text(rnd, 20) for _ in range(rnd.randint(1, 3))],
        },
    }
    step = rnd.randint(1, 5)
    if step >= 2:
        doc["scene"] = {
            "customer": rnd.choice(CUSTOMERS),
            "goal": _text(rnd, 10),
            "context": _text(rnd, 14),
            "path": written,
            "expectation": _text(rnd, 20),
            "experience": _text(rnd, 20),
        }
    if step >= 3:
        doc["view"] = [
            {"perspective": p, "lens": rnd.choice(LENSES), "finding": _text(rnd, 24)}
            for p in rnd.sample(PERSPECTIVES, 2)
        ]
    if step >= 4:
        doc["split"] = [
            {
                "id": f"d{i}",
                "detail": _text(rnd, 10),
                "lens": rnd.choice(LENSES),
                "severity": rnd.randint(1, 5),
            }
            for i in (1, 2)
        ]
    if step >= 5:
        doc["solve"] = [
            {
                "id": f"s{i}",
                "action": _text(rnd, 16),
                "addresses": ["d1"],
                "owner": rnd.choice(OWNERS),
                "cost": rnd.choice(LEVELS),
                "impact": rnd.choice(LEVELS),
                "due": created + timedelta(days=30),
                "status": rnd.choice(STATUSES),
                "result": _text(rnd, 12),
            }
            for i in (1, 2)
        ]
    return doc


class _Dumper(yaml.CSafeDumper):
    """Case files hold no anchors: a date used twice is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(doc: dict[str, Any]) -> bytes:
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return text.encode("utf-8")


def make_workspace(root: Path, cases: int, seed: int = 2026) -> None:
    rnd = random.Random(seed)
    names = [f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}{i:02d}" for i in range(rnd.randint(20, 30))]
    aliases = {name: f"{name}处" for name in names[::3]}
    (root / "cases").mkdir(parents=True, exist_ok=True)
    (root / "ssvssj.yaml").write_bytes(
        _dump({"schema_version": 1, "name": "基准工作区", "language": "zh"})
    )
    vocabulary: dict[str, Any] = {}
    for index, name in enumerate(names):
        entry: dict[str, Any] = {}
        if name in aliases:
            entry["aliases"] = [aliases[name]]
        if index % 4 == 0:
            entry["stage"] = STAGES[index * len(STAGES) // len(names)]
        vocabulary[name] = entry
    (root / "touchpoints.yaml").write_bytes(_dump({"touchpoints": vocabulary}))
    for number in range(cases):
        doc = case_doc(rnd, number, names, aliases)
        folder = root / "cases" / str(doc["created"].year)
        folder.mkdir(exist_ok=True)
        (folder / f"{doc['id']}.yaml").write_bytes(_dump(doc))
