"""The reports' words per language: the templates are written once, with English message ids
(`{{ _("Hot spots") }}`), and each language other than English has a catalog of them.

The Chinese uses the glossary's words and typography; a test checks that every message id in the
packaged templates is here, and scans the Chinese and every rendered report.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # case
    "Case": "案例",
    "step %(k)s of 5": "第 %(k)s 步，共 5 步",
    "severity %(n)s": "严重程度 %(n)s",
    "updated %(date)s": "更新于 %(date)s",
    "Dropped": "已放弃",
    "Consultant": "顾问",
    "Created": "创建于",
    "Tags": "标签",
    "1. Spot: the problem at a touchpoint": "一、在触点上发现问题（Spot）",
    "Touchpoint": "触点",
    " (counted as %(name)s)": "（归入“%(name)s”）",
    "Channel": "渠道",
    "Observed": "观察日期",
    "Problem": "问题",
    "Highlight": "亮点",
    "Severity": "严重程度",
    "Evidence": "证据",
    "2. Scene: the problem in its scenario": "二、在场景中解读问题（Scene）",
    "Customer": "客户",
    "Goal": "客户要完成的事",
    "Context": "情境",
    "Path": "客户路径",
    "Expected": "客户预期",
    "Experienced": "实际感受",
    "The scenario is not interpreted yet.": "尚未解读场景。",
    "3. View: the problem by perspective": "三、在视角上分析问题（View）",
    "No perspectives analysed yet.": "尚未做视角分析。",
    "4. Split: the details": "四、在细节上拆解问题（Split）",
    "ID": "编号",
    "Detail": "细节",
    "Lens": "体验维度",
    "Not split into details yet.": "尚未拆解细节。",
    "5. Solve: solutions and their progress": "五、制定并推进解决方案（Solve）",
    "Action": "行动",
    "Addresses": "针对的细节",
    "Owner": "负责人",
    "Cost": "成本",
    "Impact": "预期效果",
    "Due": "截止日期",
    "Status": "状态",
    "Verified result": "验证结果",
    "No solutions yet.": "尚未制定方案。",
    "Place in the journey": "在客户旅程中的位置",
    "Stage": "阶段",
    "touchpoint %(k)s of %(n)s": "旅程第 %(k)s 个触点，共 %(n)s 个",
    "Other cases here": "同一触点的其他案例",
    ", and %(more)s more": "，另有 %(more)s 个",
    "Back to": "返回",
    "journey": "客户旅程",
    "portfolio": "案例总览",
    "index": "索引",
    # index
    "Customer-experience reports": "客户体验改善报告索引",
    "%(n)s cases": "%(n)s 个案例",
    "as of %(date)s": "数据截至 %(date)s",
    "Customer journey": "客户旅程",
    "the journey that emerges from all cases, its hot spots and blind spots": (
        "从全部案例中梳理出的客户旅程、热点与盲区"
    ),
    "Portfolio": "案例总览",
    "progress, quick wins, the owner board, verified results": (
        "进度、速赢清单、负责人看板、已验证的方案"
    ),
    "Cases": "案例",
    "Title": "标题",
    "Step": "步骤",
    "State": "状态",
    "No cases yet. Record the first with `ssvssj case new`.": (
        "还没有案例。用 `ssvssj case new` 记录第一个。"
    ),
    # journey
    "Emerged from the paths of %(n)s cases": "从 %(n)s 个案例的客户路径中梳理",
    "customer segment": "客户细分",
    "%(n)s stages": "%(n)s 个阶段",
    "%(n)s touchpoints": "%(n)s 个触点",
    "%(n)s pathways": "%(n)s 条通路",
    "back to the index": "返回索引",
    "Hot spots": "热点",
    "Open": "未解决",
    "Mean severity": "平均严重程度",
    "None yet.": "暂无。",
    "Blind spots": "盲区",
    ".": "。",
    "Touchpoints": "触点",
    "None yet: no detail has shown up at two or more touchpoints.": (
        "暂无：还没有同一细节出现在两个以上触点。"
    ),
    "Touchpoints each lens explains:": "各体验维度涉及的触点：",
    "Four-element check": "旅程四要素",
    "Agreed journey": "共识旅程",
    "journey.yaml, validated on %(date)s; %(n)s case(s) made since then.": (
        "journey.yaml，最近验证于 %(date)s；此后新增 %(n)s 个案例。"
    ),
    "The cases agree with the agreed journey.": "案例与共识旅程一致。",
    "Disagreement": "不一致之处",
    "Where": "位置",
    "Paths": "路径数",
    "paths order them the other way": "路径的顺序与共识相反",
    "not in the agreed order": "不在共识顺序中",
    "rejected pathway taken again": "已排除的通路再次出现",
    "stage lacks evidence of": "阶段缺少证据",
    "Observation plan (where to look next)": "观察计划（下一步去哪里看）",
    "No gaps found.": "没有发现缺口。",
    "Variants": "常见路径",
    "Share": "占比",
    "Pathways": "通路",
    "Pains": "痛点",
    "missing": "待补充",
    "yes": "有证据",
    "Stage %(k)s": "阶段 %(k)s",
    "A stage not named in the vocabulary: its touchpoints grouped from the cases' paths.": (
        "未命名阶段：触点词表没有为其中的触点命名阶段，按案例中的客户路径归组。"
    ),
    "#": "序",
    "Other spellings": "其他写法",
    "From": "从",
    "To": "到",
    "Count": "次数",
    "No path passes through here yet.": "还没有客户路径经过这里。",
    "… %(all)s in all; the %(shown)s most severe are listed": (
        "……共 %(all)s 个，这里列出最严重的 %(shown)s 个"
    ),
    "No problem spotted here yet.": "还没有在这里发现问题。",
    "Solutions under way": "推进中的方案",
    "unassigned": "未指定",
    "overdue": "逾期",
    "%(all)s in all; those of the %(shown)s most severe problems are listed.": (
        "共 %(all)s 个推进中的方案，这里列出最严重问题的 %(shown)s 个。"
    ),
    "None.": "暂无。",
    # portfolio
    "Progress": "进度",
    "Where the open cases rest:": "未解决的案例停在哪一步：",
    "Next step": "下一步",
    "Quick wins": "速赢清单",
    "Open solutions with low cost and high impact, the most severe problems first.": (
        "低成本、效果大、尚未完成的方案，问题严重的在前。"
    ),
    "Owner board": "负责人看板",
    "Unassigned": "未指定负责人",
    "%(n)s overdue.": "%(n)s 项逾期。",
    "No open actions.": "没有推进中的方案。",
    "Verified results": "已验证的方案",
    "Result": "验证结果",
    "Dropped cases": "已放弃的案例",
    "Reason": "原因",
    "By touchpoint": "按触点",
    "By tag": "按标签",
    "Tag": "标签",
    "No tags.": "暂无标签。",
    # portfolio: the loop's clock (inside git)
    "The loop's clock": "闭环用时",
    "Counted from the day each case was first recorded, up to %(date)s:": (
        "从每个案例首次记录之日算起，截至 %(date)s："
    ),
    "Spot to verified": "从发现问题到已验证",
    "Spot to solved": "从发现问题到已解决",
    "a median of %(days)s days (%(n)s verified cases)": (
        "中位数 %(days)s 天（%(n)s 个已验证的案例）"
    ),
    "a median of %(days)s days (%(n)s solved cases)": (
        "中位数 %(days)s 天（%(n)s 个已解决的案例）"
    ),
    "no case has gone from open to verified since it was recorded": (
        "还没有案例在记录之后从未解决走到已验证"
    ),
    "no case has gone from open to solved since it was recorded": (
        "还没有案例在记录之后从未解决走到已解决"
    ),
    "Open cases waiting longest (%(shown)s of %(all)s):": (
        "等待最久的未解决案例（共 %(all)s 个，列出 %(shown)s 个）："
    ),
    "First recorded": "首次记录",
    "Solutions started": "开始制定方案",
    "Days waiting": "已等待天数",
    # progress (git)
    "Progress report": "进展报告",
    "Since %(since)s until %(until)s": "从 %(since)s 到 %(until)s",
    "Since %(since)s until working tree": "从 %(since)s 到工作目录",
    "%(before)s → %(after)s cases": "%(before)s → %(after)s 个案例",
    "Cases added": "新增的案例",
    "Cases dropped": "放弃的案例",
    "Removed from the workspace:": "已从工作区移除：",
    "Solutions changed": "有变化的方案",
    "new": "新增",
    "Open cases that did not change": "没有变化的未解决案例",
    "Updated": "更新于",
    "None: every open case moved.": "无：每个未解决的案例都有推进。",
    "Journey changes": "客户旅程的变化",
    "The journey did not change.": "客户旅程没有变化。",
    # format 1.1
    "Kind": "类型",
    "worth keeping and spreading": "值得保持和推广",
    "Handover": "通路（交接）",
    "the handover %(from)s → %(to)s": "%(from)s → %(to)s 的交接",
    "Where it lies": "所在触点",
    "Root cause": "根因",
    "Measured results": "量化的验证结果",
    "Before it on the customer's path": "客户路径上的上一个触点",
    "After it on the customer's path": "客户路径上的下一个触点",
    "Its neighbours in the journey order": "在客户旅程顺序中的相邻触点",
    "Node colours: red = severe (mean severity 4 or more), yellow = moderate, green = mild, "
    "grey = pains not yet rated, white = touched without a pain, dashed = blind spot (on "
    "customers' paths, no case touches it). Red arrows: problems on the handover.": (
        "节点颜色：红 = 严重（平均严重程度 ≥ 4），黄 = 中等，绿 = 轻微，灰 = 痛点未评，"
        "白 = 有案例涉及但没有痛点，虚线 = 盲区（在客户路径上，但没有任何案例涉及）。"
        "红色箭头：交接处有问题。"
    ),
    "Open pains, weighted up for moments of truth and touchpoints tied to the brand promise.": (
        "按未解决的痛点排序，关键时刻和品牌主张触点加权。"
    ),
    "Owning department": "负责部门",
    "Owning departments": "负责部门",
    "Open pains": "未解决的痛点",
    "Weight": "加权",
    "moment of truth": "关键时刻",
    "brand promise": "品牌主张",
    "Touchpoints on the journey that no case touches yet": "旅程上还没有任何案例涉及的触点",
    "Every touchpoint on the journey is touched by a case.": "旅程上的每个触点都有案例涉及。",
    "Gains": "亮点",
    "Bright spots worth keeping and spreading:": "值得保持和推广的亮点：",
    "None recorded yet.": "还没有记录。",
    "Handover problems": "交接问题",
    "None recorded yet: no spot lies on a handover (`spot.from`).": (
        "还没有记录：没有问题发生在交接处（`spot.from`）。"
    ),
    "By owner": "按负责部门",
    "Open pains:": "未解决的痛点：",
    "Handover risks (the other end belongs to another owner):": (
        "交接风险（另一端属于其他部门）："
    ),
    "%(n)s passes": "经过 %(n)s 次",
    "problems": "问题",
    "Root causes across cases": "反复出现的根因",
    "Addressed by": "针对它的方案",
    "nothing yet": "暂无",
    "None yet: no root cause (`cause:`) is shared by two or more cases.": (
        "暂无：还没有两个以上案例共有的根因（`cause:`）。"
    ),
    "Details that recur at several touchpoints": "在多个触点反复出现的细节",
    "Scenes": "场景",
    "Cases spotted at its ends": "在两端发现的案例",
    "Overdue means due before the review date, %(date)s; overdue first.": (
        "截止日期早于评审日期 %(date)s 的为逾期，逾期的排在前面。"
    ),
    "Measure": "衡量指标",
    "Before → after": "改善前 → 改善后",
    "None yet: a verified solution can record its effect in numbers (`measure:`).": (
        "暂无：已验证的方案可以用数字记录效果（`measure:`）。"
    ),
    "Stale cases": "停滞的案例",
    "Open cases not updated for more than %(days)s days before %(date)s.": (
        "截至 %(date)s 超过 %(days)s 天没有更新的未解决案例。"
    ),
    "Days": "天数",
    "Method warnings": "方法提醒",
    "Where cases depart from the method (`ssvssj check` lists each one):": (
        "案例偏离方法之处（`ssvssj check` 逐条列出）："
    ),
    "Rule": "规则",
}

CATALOGS: dict[str, dict[str, str]] = {"en": {}, "zh": ZH}
