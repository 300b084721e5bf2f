#!/usr/bin/env python3
"""Builds the benchmark company: a large adminflow database, deterministic
from a seed.

    tests/bench/gen.py --adminflow src/adminflow --out DIR [--seed N]

writes DIR/company.db (about 2.5 GB) and the register CSVs it was made from:

  60 departments (one of them, D10 设计一部, has 400 people), 5,000
  employees, 200 meeting rooms, 50 vehicles, 300 spaces, 2,000 supplies,
  50,000 fixed assets, 100 suppliers, 10 seals, 40 licences;
  three years of history (2023-11-28 .. 2026-11-28 09:00, the tests' "now")
  with exactly 500,000 requests across all the forms of forms/, each
  with the steps, approvers, tasks, timeline actions, CC rows, notices and
  effects (bookings, stock moves, asset moves, seal uses, space
  allocations, licence renewals, payment marks, vehicle trips, meeting
  minutes) the engine and the commands write, and the
  audit chain (SHA-256, exactly as src/audit.c computes it) over all of it;
  room bookings (weekly series and one-off meetings) fill the 200 rooms to
  about 60% of working hours, from three years ago to two weeks ahead.

Personas the benchmark uses:
  head10   head of D10: exactly 500 pending tasks in the to-do inbox (the
           approve benchmark approves some of them)
  clerk01  admin staff: acted on about 50,000 requests (the "done" tab;
           49,997 with the default seed)
  u00100   an ordinary employee who submits

How: the schema is the program's own (`adminflow init`), the registers go
in through `adminflow import` (so they are checked as any import is, and
audited), and the history is written through SQLite by this script,
following what src/engine.c and src/effects.c write for each action (same
columns, same texts, same step states, same audit hash). The overlap
triggers and the indexes are dropped while the history is written and
put back afterwards from their own SQL (the generator never makes an
overlap: it lays the bookings out on a grid); nothing is ANALYZEd, as the
program never does. At the end `adminflow remind` runs once, as the daily
cron job would have, and `adminflow audit verify` must pass.

Simplifications (say so when comparing with a real company): no
delegations, returns, transfers or add-signs in the history; reminders of
past days are not replayed (only the final remind run); every step is
approved by one of its approvers within hours, a few within days.
"""
import argparse
import calendar
import hashlib
import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import time

GENESIS = "0" * 64
NOW_TEXT = "2026-11-28 09:00:00"
START_TEXT = "2023-11-28 09:00:00"
IMPORT_TEXT = "2023-11-27 08:00:00"
N_REQUESTS = 500_000
INBOX_PENDING = 500
CLERK_DONE = 50_000


def ts_of(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M:%S"))


NOW = ts_of(NOW_TEXT)
START = ts_of(START_TEXT)
DAY = 86400
HOUR = 3600

_days = {}


def day_text(d):
    s = _days.get(d)
    if s is None:
        s = time.strftime("%Y-%m-%d", time.gmtime(d * DAY))
        _days[d] = s
    return s


def fmt(ts):
    d, s = divmod(int(ts), DAY)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return "%s %02d:%02d:%02d" % (day_text(d), h, m, sec)


def weekday(d):  # Monday 0; day number since the epoch (1970-01-01 was a Thursday)
    return (d + 3) % 7


# ---- the forms (mirrors forms/*.conf: check_forms() compares) -------------

# step: (name, title, approver spec list, when, time_limit, on_timeout, cc spec list)
FORMS = {
    "expense": dict(title="费用报销", prefix="BX", summary="purpose", archive=True, notify=True,
                    steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                           ("finance", "财务审核", ["role:finance"], None, 48, "escalate:role:admin_manager", []),
                           ("gm", "总经理审批", ["role:general_manager"], ("amount > 5000", "amount", 500000), 0,
                            "remind", ["role:admin_manager"])],
                    cc=["field:cc_person"]),
    "express": dict(title="快递寄件", prefix="KD", summary="recipient", notify=True,
                    steps=[("admin", "前台收寄", ["role:admin_staff"], None, 4, "remind", [])], cc=[]),
    "licence": dict(title="证照续期", prefix="ZZ", summary="licence", archive=True, notify=True,
                    steps=[("admin", "行政专员核对", ["role:admin_staff"], None, 24, "remind", []),
                           ("manager", "行政经理审批", ["role:admin_manager"], None, 48, "escalate:up", [])],
                    cc=[]),
    "meeting": dict(title="会议活动", prefix="HW", summary="topic", archive=True, notify=True, invite=True,
                    steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                           ("manager", "行政经理审批", ["role:admin_manager"], None, 24, "remind",
                            ["role:venue_keeper"])], cc=[]),
    "printing": dict(title="文印申请", prefix="WY", summary="document", notify=True,
                     steps=[("head", "部门负责人审批", ["dept_head"], ("pages * copies > 500", "pagecopies", 500), 8,
                             "remind", []),
                            ("print", "文印室制作", ["role:admin_staff"], None, 24, "remind", [])], cc=[]),
    "procurement": dict(title="采购申请", prefix="CG", summary="items", archive=True, notify=True,
                        steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                               ("admin", "行政经理审核", ["role:admin_manager"], None, 24, "remind", []),
                               ("finance", "财务审核", ["role:finance"], None, 48, "remind", []),
                               ("gm", "总经理审批", ["role:general_manager"], ("amount > 50000", "amount", 5000000),
                                48, "remind", [])], cc=[]),
    "repair": dict(title="设备报修", prefix="WX", summary="fault", notify=True,
                   steps=[("accept", "行政受理", ["role:admin_staff"], None, 4, "escalate:role:admin_manager", []),
                          ("fix", "资产维修处理", ["role:asset_keeper"], None, 72, "remind", [])], cc=[]),
    "room_booking": dict(title="会议室预订", prefix="HYS", summary="subject", notify=True,
                         steps=[("head", "部门负责人审批", ["dept_head"], None, 8, "remind", []),
                                ("admin", "行政审核", ["role:admin_staff"], None, 8, "remind", []),
                                ("venue", "场地确认", ["field:room"], None, 4, "escalate:role:admin_manager", [])],
                         cc=[]),
    "seal": dict(title="用印申请", prefix="YY", summary="document", notify=True,
                 steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                        ("keeper", "印章管理员用印", ["field:seal"], None, 8, "escalate:role:admin_manager", [])],
                 cc=["field:witness"]),
    "space": dict(title="办公空间分配", prefix="KJ", summary="reason", notify=True,
                  steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                         ("keeper", "空间管理员确认", ["field:space"], None, 24, "remind", []),
                         ("manager", "行政经理审批", ["role:admin_manager"], None, 48, "remind", [])],
                  cc=["field:assignee"]),
    "suggestion": dict(title="意见箱", prefix="YJ", summary="topic", archive=True, notify=True,
                       steps=[("answer", "行政经理答复", ["role:admin_manager"], None, 72, "remind", [])], cc=[]),
    "supplies": dict(title="办公用品领用", prefix="LY", summary="purpose", notify=True,
                     steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                            ("admin", "行政发放确认", ["role:admin_staff"], None, 24, "remind", [])], cc=[]),
    "travel": dict(title="出差申请", prefix="CC", summary="destination", archive=True, notify=True,
                   steps=[("head", "部门负责人审批", ["dept_head"], None, 24, "remind", []),
                          ("gm", "总经理审批", ["role:general_manager"], ("estimate > 20000", "estimate", 2000000),
                           48, "remind", [])], cc=[]),
    "vehicle": dict(title="用车申请", prefix="YC", summary="destination", notify=True,
                    steps=[("head", "部门负责人审批", ["dept_head"], None, 8, "remind", []),
                           ("dispatch", "车辆调度", ["field:vehicle"], None, 4, "escalate:role:fleet_keeper", [])],
                    cc=[]),
}


def check_forms(forms_dir):
    """The generator follows forms/*.conf; refuse to build from stale copies."""
    have = sorted(n[:-5] for n in os.listdir(forms_dir) if n.endswith(".conf"))
    if have != sorted(FORMS):
        sys.exit("gen.py: %s has the forms %s but the generator knows %s: update FORMS in %s"
                 % (forms_dir, " ".join(have), " ".join(sorted(FORMS)), __file__))
    for fid, f in FORMS.items():
        text = open(os.path.join(forms_dir, fid + ".conf"), encoding="utf-8").read()
        want = ['prefix = "%s"' % f["prefix"]] + ['name = "%s"; title = "%s"' % (s[0], s[1]) for s in f["steps"]]
        for w in want:
            if w not in text:
                sys.exit("gen.py: forms/%s.conf no longer has %r: update FORMS in %s" % (fid, w, __file__))


# ---- names ------------------------------------------------------------------

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲飞鹏辉建国庆春晓晨宇浩然思雨欣怡梓涵子轩博文一诺佳琪")
DEPT_NAMES = ["研发", "销售", "市场", "客服", "质量", "生产", "物流", "采购", "法务", "培训", "设计", "运营", "数据",
              "安全", "工程", "产品", "测试", "渠道", "品牌", "项目"]
TITLES = ["专员", "工程师", "高级工程师", "主管", "经理助理", "分析师", "顾问", "设计师", "助理"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州", "天津", "重庆", "长沙", "青岛"]
SUPPLY_KINDS = [("A4复印纸", "包"), ("签字笔", "支"), ("笔记本", "本"), ("文件夹", "个"), ("订书钉", "盒"),
                ("便利贴", "本"), ("白板笔", "支"), ("硒鼓", "个"), ("电池", "节"), ("鼠标", "个"),
                ("键盘", "个"), ("U盘", "个"), ("胶带", "卷"), ("剪刀", "把"), ("计算器", "个"), ("档案盒", "个")]
ASSET_KINDS = [("笔记本电脑", "电脑", 600000, 1200000), ("台式电脑", "电脑", 400000, 800000),
               ("显示器", "电脑", 100000, 300000), ("激光打印机", "办公设备", 150000, 500000),
               ("投影仪", "办公设备", 300000, 900000), ("办公椅", "家具", 50000, 200000),
               ("办公桌", "家具", 80000, 300000), ("文件柜", "家具", 60000, 150000),
               ("空调", "电器", 300000, 800000), ("服务器", "IT设备", 2000000, 8000000),
               ("交换机", "IT设备", 200000, 1500000), ("手机", "通讯", 200000, 900000)]
ROOM_EQUIPMENT = ["投影仪", "电视", "白板", "视频会议", "电话会议", "麦克风", "音响", "LED大屏", "茶具"]
VEHICLE_NAMES = [("别克GL8", 7), ("大众帕萨特", 5), ("丰田考斯特", 20), ("奥迪A6L", 5), ("比亚迪汉", 5), ("金杯海狮", 12)]
SUBJECTS = ["周例会", "项目评审", "客户洽谈", "部门会议", "需求讨论", "面试", "培训", "季度总结", "方案汇报", "技术分享",
            "供应商沟通", "预算评审", "站会", "复盘会", "合同评审"]


class Company:
    pass


def build_registers(rng, out):
    """The registers as CSV files for `adminflow import`, and the in-memory
    company the history is made from (ids are the import's: rows go in in
    file order into empty tables)."""
    c = Company()
    # Departments: GMO at the top, ADM and FIN under it, seven divisions,
    # fifty departments under the divisions. D10 is the big one.
    depts = [("GMO", "总经理办公室", None), ("ADM", "行政部", "GMO"), ("FIN", "财务部", "GMO")]
    for i in range(7):
        depts.append(("BU%d" % (i + 1), "第%s事业部" % "一二三四五六七"[i], "GMO"))
    for i in range(10, 60):
        n = DEPT_NAMES[i % len(DEPT_NAMES)] + "%s部" % "一二三"[(i // len(DEPT_NAMES)) % 3]
        depts.append(("D%02d" % i, n, "BU%d" % ((i % 7) + 1)))
    c.dept_code = [d[0] for d in depts]
    c.dept_name = [d[1] for d in depts]
    c.dept_parent = [None if d[2] is None else c.dept_code.index(d[2]) for d in depts]
    sizes = [8, 40, 30] + [20] * 7
    rest = 5000 - sum(sizes) - 400
    for i in range(10, 60):
        sizes.append(400 if i == 10 else 0)
    others = [i for i in range(11, 60)]
    base, extra = divmod(rest, len(others))
    for k, i in enumerate(others):
        sizes[i] = base + (1 if k < extra else 0)
    assert sum(sizes) == 5000

    # Employees: the named people first (their ids are small and stable).
    named = [("gm", 0, "总经理"), ("admgr", 1, "行政经理"), ("finhead", 2, "财务经理")]
    named += [("clerk%02d" % i, 1, "行政专员") for i in range(1, 5)]
    named += [("venue%02d" % i, 1, "场地管理员") for i in range(1, 5)]
    named += [("fleet%02d" % i, 1, "车辆管理员") for i in range(1, 3)]
    named += [("asset%02d" % i, 1, "资产管理员") for i in range(1, 4)]
    named += [("seal%02d" % i, 1, "印章管理员") for i in range(1, 3)]
    named += [("fin%02d" % i, 2, "会计") for i in range(1, 4)]
    named += [("audit%02d" % i, 0, "审计") for i in range(1, 3)]
    for i in range(3, 60):
        named.append(("head%02d" % i, i, "部门经理"))
    count = [0] * 60
    emps = []  # (login, name, dept, title)
    used_names = set()

    def person_name():
        while True:
            n = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
            if n not in used_names or len(used_names) > 200000:
                used_names.add(n)
                return n

    for login, d, title in named:
        emps.append((login, person_name(), d, title))
        count[d] += 1
    serial = 0
    for d in range(60):
        while count[d] < sizes[d]:
            serial += 1
            emps.append(("u%05d" % serial, person_name(), d, rng.choice(TITLES)))
            count[d] += 1
    c.n_emp = len(emps)
    c.login = [None] + [e[0] for e in emps]  # by id (1-based)
    c.ename = [None] + [e[1] for e in emps]
    c.edept = [None] + [e[2] for e in emps]
    c.id_of = {e[0]: i + 1 for i, e in enumerate(emps)}
    c.dept_members = [[] for _ in range(60)]
    for i in range(1, c.n_emp + 1):
        c.dept_members[c.edept[i]].append(i)
    heads = {0: "gm", 1: "admgr", 2: "finhead"}
    for i in range(3, 60):
        heads[i] = "head%02d" % i
    c.dept_head = [c.id_of[heads[d]] for d in range(60)]

    roles = [(heads[d], "dept_head") for d in range(60)]
    roles += [("gm", "general_manager"), ("admgr", "admin_manager")]
    roles += [("clerk%02d" % i, "admin_staff") for i in range(1, 5)]
    roles += [("fin%02d" % i, "finance") for i in range(1, 4)]
    roles += [("venue%02d" % i, "venue_keeper") for i in range(1, 5)]
    roles += [("fleet%02d" % i, "fleet_keeper") for i in range(1, 3)]
    roles += [("asset%02d" % i, "asset_keeper") for i in range(1, 4)]
    roles += [("seal%02d" % i, "seal_keeper") for i in range(1, 3)]
    roles += [("audit%02d" % i, "auditor") for i in range(1, 3)]
    c.role_members = {}
    for login, role in roles:
        c.role_members.setdefault(role, []).append(c.id_of[login])
    for r in c.role_members:
        c.role_members[r].sort()

    def write(name, header, rows):
        import csv
        with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("departments-1", ["code", "name", "parent"],
          [(d[0], d[1], d[2] or "") for d in depts])
    write("departments-2", ["code", "name", "parent", "head"],
          [(d[0], d[1], d[2] or "", heads[i]) for i, d in enumerate(depts)])
    erows = []
    for login, name, d, title in emps:
        erows.append((login, name, c.dept_code[d], title, login + "@corp.example.com",
                      "1%d%09d" % (rng.randint(30, 89), rng.randint(0, 999999999)),
                      "%06d%s%03d%d" % (rng.randint(110000, 650000),
                                        time.strftime("%Y%m%d", time.gmtime(rng.randint(0, 30 * 365) * DAY
                                                                            - 20 * 365 * DAY)),
                                        rng.randint(0, 999), rng.randint(0, 9))))
    write("employees", ["login", "name", "department", "title", "email", "phone", "id_number"], erows)
    write("roles", ["login", "role"], roles)

    # Rooms, managed by the venue keepers.
    c.rooms = []  # (code, capacity, equipment list, manager id)
    rrows = []
    for i in range(200):
        floor = 2 + i // 20
        code = "R%d%02d" % (floor, i % 20 + 1)
        cap = rng.choice([4, 6, 6, 8, 8, 10, 12, 16, 20, 30, 50, 100])
        eq = [e for e in ROOM_EQUIPMENT if rng.random() < 0.45] or ["白板"]
        mgr = "venue%02d" % (i % 4 + 1)
        c.rooms.append((code, cap, eq, c.id_of[mgr]))
        rrows.append((code, "%d楼%d号会议室" % (floor, i % 20 + 1), cap, "%d楼%s侧" % (floor, "东西南北"[i % 4]),
                      ";".join(eq), mgr))
    write("rooms", ["code", "name", "capacity", "location", "equipment", "manager"], rrows)
    c.vehicles = []
    vrows = []
    for i in range(50):
        name, seats = VEHICLE_NAMES[i % len(VEHICLE_NAMES)]
        mgr = "fleet%02d" % (i % 2 + 1)
        c.vehicles.append(("V%02d" % (i + 1), seats, c.id_of[mgr]))
        vrows.append(("V%02d" % (i + 1), name, "沪%s%05d" % ("ABCDE"[i % 5], 10007 * (i + 1) % 100000), seats, mgr))
    write("vehicles", ["code", "name", "plate", "seats", "manager"], vrows)
    c.spaces = []
    srows = []
    for i in range(300):
        kind = "desk" if i < 240 else "office" if i < 290 else "area"
        code = {"desk": "D", "office": "O", "area": "A"}[kind] + "%03d" % (i + 1)
        c.spaces.append(code)
        srows.append((code, {"desk": "开放工位", "office": "独立办公室", "area": "共享区"}[kind] + code,
                      kind, 1 if kind == "desk" else 4 if kind == "office" else 20, "%d楼" % (3 + i // 60)))
    write("spaces", ["code", "name", "kind", "capacity", "location"], srows)
    c.supplies = []  # (sku, initial on_hand, reorder level)
    prow = []
    for i in range(2000):
        name, unit = SUPPLY_KINDS[i % len(SUPPLY_KINDS)]
        sku = "SP%04d" % (i + 1)
        on_hand = rng.randint(40, 400)
        reorder = rng.choice([5, 10, 20, 30])
        c.supplies.append((sku, on_hand, reorder))
        prow.append((sku, "%s %d型" % (name, i // len(SUPPLY_KINDS) + 1), unit, on_hand, reorder,
                     "库房%s-%02d" % ("ABCD"[i % 4], i % 50 + 1)))
    write("supplies", ["sku", "name", "unit", "on_hand", "reorder_level", "location"], prow)

    # Assets: status as of the start of the history; repairs move them.
    c.assets = []  # [tag, status, holder id or None]
    arows = []
    for i in range(50000):
        kind = ASSET_KINDS[i % len(ASSET_KINDS)]
        pday = rng.randint(ts_of("2016-01-04 00:00:00") // DAY, START // DAY - 1)
        tag = "FA-%s-%05d" % (day_text(pday)[:4], i + 1)
        r = rng.random()
        status = "in_use" if r < 0.62 else "in_stock" if r < 0.85 else "retired" if r < 0.99 else "lost"
        holder = rng.randint(1, c.n_emp) if status == "in_use" else None
        c.assets.append([tag, status, holder])
        arows.append((tag, kind[0], kind[1], status, c.login[holder] if holder else "",
                      "%d楼%s区" % (2 + i % 12, "ABCD"[i % 4]) if status != "retired" else "报废品仓库",
                      day_text(pday), "%.2f" % (rng.randint(kind[2], kind[3]) / 100)))
    write("assets", ["tag", "name", "category", "status", "holder", "location", "purchase_date", "cost"], arows)
    write("suppliers", ["code", "name", "contact", "phone", "email"],
          [("SUP%03d" % (i + 1), "%s%s有限公司" % (rng.choice(CITIES), rng.choice(["晨光", "得力", "联想", "华为",
                                                                                 "齐心", "天章", "国美", "京东"])) +
            "%d" % (i + 1), person_name(), "13%09d" % rng.randint(0, 999999999),
            "sales%d@supplier.example.com" % (i + 1)) for i in range(100)])
    c.seals = []
    lrows = []
    for i in range(10):
        keeper = "seal%02d" % (i % 2 + 1)
        c.seals.append(("SEAL%02d" % (i + 1), c.id_of[keeper]))
    write("seals", ["code", "name", "keeper"],
          [(s[0], ["公章", "合同专用章", "财务专用章", "法人章", "发票专用章"][i % 5] + ("" if i < 5 else "(分公司)"),
            c.login[s[1]]) for i, s in enumerate(c.seals)])
    c.licences = []
    for i in range(40):
        exp = START // DAY + rng.randint(30, 900)
        c.licences.append(["LIC%02d" % (i + 1), exp])
        lrows.append(("LIC%02d" % (i + 1), "证照%02d" % (i + 1), "NO-%08d" % rng.randint(0, 99999999),
                      c.dept_code[rng.randrange(60)], day_text(exp), rng.choice([30, 60, 90])))
    write("licences", ["code", "name", "number", "department", "expires_on", "remind_days"], lrows)
    return c


def run_program(args, adminflow, db, now, env_extra=None):
    env = dict(os.environ, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", ADMINFLOW_NOW=now)
    for k in ("ADMINFLOW_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env.pop(k, None)
    if env_extra:
        env.update(env_extra)
    r = subprocess.run([adminflow, "--db", db] + args, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("gen.py: adminflow %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r.stdout


# ---- the history --------------------------------------------------------------

class History:
    def __init__(self, c, rng):
        self.c = c
        self.rng = rng
        self.ids = dict(request=0, step=0, task=0, action=0, notice=0, booking=0, stock=0, asset=0, seal=0,
                        space=0)
        self.rows = {k: [] for k in ("requests", "steps", "step_people", "tasks", "actions", "request_cc",
                                     "notices", "bookings", "asset_moves", "seal_uses", "space_allocations",
                                     "minutes")}
        self.audit = []  # (ts, seq, actor, action, object, detail)
        self.stock_events = []  # (ts, seq, supply index, kind, qty, request id, actor)
        self.seq = 0
        self.counters = {}
        self.head10 = c.id_of["head10"]
        self.head10_pending = 0
        self.clerk01 = c.id_of["clerk01"]
        self.clerk_done = 0
        self.admin_seen = 0
        self.done_seen = 0
        self.asset_busy = [0] * len(c.assets)  # when the asset's current repair ends (ts), or a huge number
        self.space_free = [0] * len(c.spaces)  # day number from which the space is free
        self.travel_done = {}  # applicant -> [(done ts, number)]
        self.trips = []  # (start, end, booking id, vehicle id, number): a trip out and in

    def nid(self, kind):
        self.ids[kind] += 1
        return self.ids[kind]

    def add_audit(self, ts, actor, action, obj, detail):
        self.seq += 1
        self.audit.append((ts, self.seq, actor, action, obj, detail))

    def notice(self, emp, req, kind, text, ts):
        nid = self.nid("notice")
        if ts < NOW - 3 * DAY:
            read = fmt(min(ts + int(self.rng.expovariate(1 / (6 * HOUR))), NOW - 60)) \
                if self.rng.random() < 0.97 else None
        else:
            read = fmt(min(ts + int(self.rng.expovariate(1 / (4 * HOUR))), NOW - 60)) \
                if self.rng.random() < 0.5 else None
        self.rows["notices"].append((nid, emp, req, kind, text, None, fmt(ts), read, None))

    def action(self, req, task, step, actor, action, opinion, ts):
        self.rows["actions"].append((self.nid("action"), req, task, step, actor, None, action, opinion, fmt(ts),
                                     None))

    # -- who is asked (engine.c: superior_of, resolve, settle_people) --
    def superior_of(self, emp):
        c = self.c
        d = c.edept[emp]
        while d is not None:
            h = c.dept_head[d]
            if h and h != emp:
                return h
            d = c.dept_parent[d]
        return 0

    def resolve(self, spec, applicant, fields, people):
        c = self.c
        if spec == "dept_head":
            head = self.superior_of(applicant)
            d = c.edept[applicant]
            if c.dept_head[d] == applicant:
                why = "next head up: the applicant heads %s (no self-approval)" % c.dept_name[d]
            else:
                why = "department head of %s" % c.dept_name[d]
            add_person(people, head, why)
        elif spec.startswith("role:"):
            role = spec[5:]
            for e in c.role_members.get(role, []):
                add_person(people, e, "role " + role)
        elif spec.startswith("field:"):
            name = spec[6:]
            v = fields.get(name)
            if v is None:
                return
            if name == "room":
                add_person(people, c.rooms[c.room_index[v]][3], "manager of room " + v)
            elif name == "vehicle":
                add_person(people, c.vehicles[c.vehicle_index[v]][2], "manager of vehicle " + v)
            elif name == "seal":
                add_person(people, c.seals[c.seal_index[v]][1], "keeper of seal " + v)
            elif name in ("witness", "cc_person", "assignee"):
                add_person(people, c.id_of[v], "chosen in field " + name)
            # field:space: no person is named by a space (resolve() has no case)

    def settle(self, people, applicant):
        for i, (e, _) in enumerate(people):
            if e == applicant:
                del people[i]
                add_person(people, self.superior_of(applicant), "superior of the applicant (no self-approval)")
                break
        if not people:
            for e in self.c.role_members["admin_manager"]:
                if e != applicant:
                    add_person(people, e, "nobody else to approve: the admin manager")

    def route(self, form, applicant, fields, cond):
        """[(step def, skipped, why, approvers, ccs)] and the form's CC list, or None."""
        f = FORMS[form]
        out = []
        for sd in f["steps"]:
            name, title, specs, when, limit, timeout, ccspecs = sd
            why = ""
            if when:
                text, var, threshold = when
                if not cond.get(var, 0) > threshold:
                    out.append((sd, True, "skipped: %s is false" % text, [], []))
                    continue
                why = "%s is true" % text
            people = []
            for s in specs:
                self.resolve(s, applicant, fields, people)
            self.settle(people, applicant)
            if not people:
                return None
            ccs = []
            for s in ccspecs:
                self.resolve(s, applicant, fields, ccs)
            out.append((sd, False, why, people, ccs))
        fcc = []
        for s in f["cc"]:
            self.resolve(s, applicant, fields, fcc)
        return out, fcc

    # -- one request, from submission to where it stands at NOW --
    def request(self, created, form, applicant, fields, cond, effect):
        """Submits and runs one request; False when nobody could approve it
        (the program would refuse the submission)."""
        c, rng = self.c, self.rng
        f = FORMS[form]
        r = self.route(form, applicant, fields, cond)
        if r is None:
            return False
        route, fcc = r
        rid = self.nid("request")
        day = day_text(created // DAY).replace("-", "")
        key = "%s-%s" % (f["prefix"], day)
        seq = self.counters.get(key, 0) + 1
        self.counters[key] = seq
        number = "%s-%s-%04d" % (f["prefix"], day, seq)
        login = c.login[applicant]
        data = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        summary = fields.get(f["summary"], "")
        if not isinstance(summary, str):
            summary = ""
        # steps and the people on them, all written at submission
        step_ids = []
        for i, (sd, skipped, why, people, ccs) in enumerate(route):
            sid = self.nid("step")
            step_ids.append(sid)
            for e, w in people:
                self.rows["step_people"].append((sid, e, "approver", w))
            for e, w in ccs:
                self.rows["step_people"].append((sid, e, "cc", w))
        step_state = ["skipped" if s[1] else "planned" for s in route]
        cc_seen = set()
        for e, _ in fcc:
            if e not in cc_seen:
                cc_seen.add(e)
                self.rows["request_cc"].append((rid, e))
            self.notice(e, rid, "cc", "抄送 cc: %s %s" % (number, f["title"]), created)
        self.action(rid, None, None, applicant, "submit", "", created)
        self.add_audit(created, login, "submit", number, form)
        if effect:
            effect.submit(self, rid, number, applicant, summary, created)

        t = created
        state, current, decided, done_at = "pending", None, None, None
        updated = created
        prev_approver = None  # who approved the step that ran just before
        finished_by = None
        # withdrawal: the applicant changes their mind at some point
        withdraw_at = created + int(rng.uniform(0.2, 30) * HOUR) if rng.random() < 0.02 else None
        prev_idx = -1
        for i, (sd, skipped, why, people, ccs) in enumerate(route):
            if skipped:
                continue
            name, title, specs, when, limit, timeout, ccspecs = sd
            sid = step_ids[i]
            step_state[i] = "active"
            began = t
            current, updated = sid, t
            due = fmt(t + limit * HOUR) if limit > 0 else None
            tasks = []  # [task id, assignee, state, acted ts, acted by, opinion]
            asked_once = None
            for e, _ in people:
                tid = self.nid("task")
                if prev_approver is not None and e == prev_approver:
                    why_once = "同一审批人已在上一步同意 (approved at the previous step, %s)" % route[prev_idx][0][1]
                    tasks.append([tid, e, "approved", t, e, why_once])
                    self.action(rid, tid, sid, e, "asked-once", why_once, t)
                    asked_once = e
                    continue
                tasks.append([tid, e, "pending", None, None, ""])
                self.notice(e, rid, "task", "待办 to do: %s %s (%s)" % (number, title, form), t)
            for e, _ in ccs:
                if e not in cc_seen:
                    cc_seen.add(e)
                    self.rows["request_cc"].append((rid, e))
                self.notice(e, rid, "cc", "抄送 cc: %s %s" % (number, title), t)
            if asked_once is not None:
                for tk in tasks:
                    if tk[2] == "pending":
                        tk[2] = "skipped"
                outcome = "approved"
                approver = asked_once
            else:
                outcome, approver = self.act(rid, sid, number, form, applicant, specs, tasks, t, withdraw_at)
                if outcome != "waiting" and outcome != "approved":
                    state = outcome
                    decided = updated = self.last_ts
                if outcome == "approved":
                    t = self.last_ts
            for tk in tasks:
                self.rows["tasks"].append((tk[0], rid, sid, 1, tk[1], None, tk[2], fmt(began), due,
                                           fmt(tk[3]) if tk[3] is not None else None, tk[4], tk[5], 0))
            if outcome != "approved":
                break
            step_state[i] = "done"
            prev_approver, prev_idx = approver, i
            finished_by = approver
        else:
            # every step approved: finish (engine.c finish, effects.c)
            state, current, decided, done_at, updated = "done", None, t, t, t
        archived = paid = None
        if state == "done":
            actor = finished_by
            if effect:
                effect.done(self, rid, number, applicant, actor, t, fields)
            if f.get("invite"):
                for login_i in fields.get("invitees", "").split(","):
                    e = c.id_of[login_i]
                    if e not in cc_seen:
                        cc_seen.add(e)
                        self.rows["request_cc"].append((rid, e))
                    self.notice(e, rid, "meeting", "会议通知 meeting: %s %s" % (number, f["title"]), t)
                if t < NOW - DAY and rng.random() < 0.5:
                    at = t + int(rng.uniform(1, 20) * HOUR)
                    at = max(at, effect.slots[-1][1] + HOUR)
                    if at < NOW:
                        self.rows["minutes"].append((rid, "会议纪要：\n1. 议题已讨论\n2. 形成决议\n3. 下次会议另行通知",
                                                     applicant, fmt(at)))
                        self.add_audit(at, login, "minutes", number, "")
            if f.get("notify"):
                self.notice(applicant, rid, "done", "%s %s: 已办结 done" % (f["title"], number), t)
            if f.get("archive"):
                archived = fmt(t)
                self.add_audit(t, c.login[actor], "archive", number, form)
            if form == "expense":
                paid = fmt(t)
            self.action(rid, None, None, actor, "done", "", t)
            self.add_audit(t, c.login[actor], "done", number, form)
            self.notice(applicant, rid, "decided", "已通过 approved: %s %s" % (number, f["title"]), t)
            if form == "travel":
                self.travel_done.setdefault(applicant, []).append((t, number))
        elif state in ("rejected", "withdrawn") and effect:
            effect.close(self, rid, decided)
        elif effect:
            effect.pending(self, rid)
        self.done_seen += 1
        for i, sd in enumerate(route):
            name, title, specs, when, limit, timeout, ccspecs = sd[0]
            self.rows["steps"].append((step_ids[i], rid, (i + 1) * 10, name, title, "any", step_state[i], sd[2],
                                       limit, timeout))
        self.rows["requests"].append((rid, number, form, summary, applicant, state, current, 1, data,
                                      "%032x" % rng.getrandbits(128), fmt(created), fmt(updated),
                                      fmt(decided) if decided is not None else None,
                                      fmt(done_at) if done_at is not None else None, archived, paid))
        return True

    def act(self, rid, sid, number, form, applicant, specs, tasks, t, withdraw_at):
        """The step's pending tasks meet their fate: one approver acts (or
        rejects), or the applicant withdraws, or it is still waiting at NOW.
        Returns (outcome, who approved); self.last_ts is when."""
        c, rng = self.c, self.rng
        pending = [tk for tk in tasks if tk[2] == "pending"]
        # who acts: the clerk persona takes an exact share of the admin steps
        if specs == ["role:admin_staff"]:
            self.admin_seen += 1
            want = CLERK_DONE - self.clerk_done
            left = max(1.0, self.admin_rate() * (self.n_total - self.done_seen))
            mine = [tk for tk in pending if tk[1] == self.clerk01]
            others = [tk for tk in pending if tk[1] != self.clerk01]
            if mine and want > 0 and (rng.random() < want / (0.93 * left) or not others):
                actor_task = mine[0]
            else:
                actor_task = rng.choice(others) if others else None
        else:
            actor_task = rng.choice(pending)
        delay = rng.lognormvariate(math.log(1.5 * HOUR), 1.1)
        if rng.random() < 0.06:
            delay += rng.uniform(1, 8) * DAY
        ta = t + int(delay)
        if actor_task is None:
            ta = NOW + DAY
        elif actor_task[1] == self.head10 and t >= NOW - 60 * DAY:
            if self.head10_pending < INBOX_PENDING:
                ta = NOW + DAY  # waits: the persona's inbox
            elif ta >= NOW:
                ta = t + int((NOW - 120 - t) * rng.random())
        elif any(tk[1] == self.head10 for tk in pending) and ta >= NOW \
                and self.head10_pending >= INBOX_PENDING:
            ta = t + int((NOW - 120 - t) * rng.random())
        login = c.login[applicant]
        if withdraw_at is not None and withdraw_at < ta and withdraw_at < NOW:
            te = max(withdraw_at, t)
            for tk in pending:
                self.notice(tk[1], rid, "withdrawn", "已撤回 withdrawn by the applicant: %s" % number, te)
                tk[2] = "cancelled"
            self.action(rid, None, sid, applicant, "withdraw", "", te)
            self.add_audit(te, login, "withdraw", number, "")
            self.last_ts = te
            return "withdrawn", None
        if ta >= NOW:
            self.head10_pending += sum(1 for tk in pending if tk[1] == self.head10)
            return "waiting", None
        actor = actor_task[1]
        if specs == ["role:admin_staff"] and actor == self.clerk01:
            self.clerk_done += 1
        self.last_ts = ta
        if rng.random() < 0.015:
            op = rng.choice(["信息不全，请补充", "预算不足", "时间冲突", "不符合规定"])
            actor_task[2:6] = ["rejected", ta, actor, op]
            for tk in pending:
                if tk is not actor_task:
                    tk[2] = "cancelled"
            self.action(rid, actor_task[0], sid, actor, "reject", op, ta)
            self.add_audit(ta, c.login[actor], "reject", number, op)
            self.notice(applicant, rid, "decided", "已驳回 rejected: %s: %s" % (number, op), ta)
            return "rejected", None
        op = "同意" if rng.random() < 0.3 else ""
        actor_task[2:6] = ["approved", ta, actor, op]
        for tk in pending:
            if tk is not actor_task:
                tk[2] = "skipped"
        self.action(rid, actor_task[0], sid, actor, "approve", op, ta)
        self.add_audit(ta, c.login[actor], "approve", number, op)
        return "approved", actor

    def admin_rate(self):
        return self.admin_seen / max(1, self.done_seen)


def add_person(people, e, why):
    if not e:
        return
    for p in people:
        if p[0] == e:
            return
    people.append((e, why))


# ---- effects (effects.c): what a request holds, confirms or releases ------------

class Booking:
    """booking / vehicle_booking: a held slot per occurrence at submission,
    confirmed when done, cancelled when rejected or withdrawn."""

    def __init__(self, resource, res_id, slots):
        self.resource, self.res_id, self.slots = resource, res_id, slots
        self.rows = []

    def submit(self, h, rid, number, applicant, subject, ts):
        for s, e in self.slots:
            row = [h.nid("booking"), self.resource, self.res_id, rid, applicant, subject, fmt(s), fmt(e), "held",
                   None, None, None]
            self.rows.append(row)
            h.rows["bookings"].append(row)

    def done(self, h, rid, number, applicant, actor, ts, fields):
        for row in self.rows:
            row[8] = "confirmed"
        if self.resource == "vehicle" and self.slots[0][1] < NOW and h.rng.random() < 0.85:
            h.trips.append((self.slots[0][0], self.slots[0][1], self.rows[0][0], self.res_id, number))

    def close(self, h, rid, ts):
        for row in self.rows:
            row[8] = "cancelled"

    def pending(self, h, rid):
        pass


class Repair:
    """asset_status: the asset goes in_repair at submission, back (or
    written off) when done, back when the request ends otherwise."""

    def __init__(self, write_off):
        self.write_off = write_off
        self.asset = None

    def prepare(self, h, ts, fields):
        c, rng = h.c, h.rng
        for _ in range(200):
            a = rng.randrange(len(c.assets))
            if h.asset_busy[a] <= ts and c.assets[a][1] in ("in_use", "in_stock"):
                self.asset = a
                break
        else:
            return False
        fields["asset"] = c.assets[self.asset][0]
        if self.write_off:
            fields["outcome"] = "write_off"
        return True

    def submit(self, h, rid, number, applicant, subject, ts):
        a = h.c.assets[self.asset]
        self.before = a[1]
        h.rows["asset_moves"].append((h.nid("asset"), self.asset + 1, rid, "repair", a[1], "in_repair", a[2], a[2],
                                      applicant, fmt(ts), ""))
        a[1] = "in_repair"
        h.asset_busy[self.asset] = NOW * 10

    def done(self, h, rid, number, applicant, actor, ts, fields):
        a = h.c.assets[self.asset]
        if self.write_off:
            h.rows["asset_moves"].append((h.nid("asset"), self.asset + 1, rid, "write_off", "in_repair", "retired",
                                          a[2], None, actor, fmt(ts), ""))
            a[1], a[2] = "retired", None
        else:
            a[1] = self.before
            h.rows["asset_moves"].append((h.nid("asset"), self.asset + 1, rid, "repaired", "in_repair", self.before,
                                          None, None, actor, fmt(ts), ""))
        h.asset_busy[self.asset] = ts

    def close(self, h, rid, ts):
        h.c.assets[self.asset][1] = self.before
        h.asset_busy[self.asset] = ts

    def pending(self, h, rid):
        pass


class Stock:
    """stock_reserve: reserved when done; the admin office issues it a day or
    so later (`adminflow stock issue`)."""

    def __init__(self, lines):
        self.lines = lines

    def submit(self, h, rid, number, applicant, subject, ts):
        pass

    def done(self, h, rid, number, applicant, actor, ts, fields):
        issue_at = ts + int(h.rng.uniform(0.5, 48) * HOUR)
        clerk = h.rng.choice(h.c.role_members["admin_staff"])
        for sup, qty in self.lines:
            h.seq += 1
            h.stock_events.append((ts, h.seq, sup, "reserve", qty, rid, actor))
            if issue_at < NOW:
                h.seq += 1
                h.stock_events.append((issue_at, h.seq, sup, "issue", qty, rid, clerk))

    def close(self, h, rid, ts):
        pass

    def pending(self, h, rid):
        pass


class Seal:
    def __init__(self, seal):
        self.seal = seal

    def submit(self, *a):
        pass

    def done(self, h, rid, number, applicant, actor, ts, fields):
        h.rows["seal_uses"].append((h.nid("seal"), self.seal + 1, rid, applicant, fields["document"],
                                    fields["copies"], h.c.id_of[fields["witness"]], actor, fmt(ts)))

    def close(self, *a):
        pass

    def pending(self, *a):
        pass


class Space:
    def prepare(self, h, ts, fields):
        rng = h.rng
        start = ts // DAY + rng.randint(1, 14)
        for _ in range(50):
            sp = rng.randrange(len(h.c.spaces))
            if h.space_free[sp] <= start:
                break
        else:
            sp = min(range(len(h.c.spaces)), key=lambda i: h.space_free[i])
            start = max(start, h.space_free[sp])
        end = start + rng.randint(60, 365)
        h.space_free[sp] = end + 1
        self.space, self.start, self.end = sp, start, end
        fields["space"] = h.c.spaces[sp]
        fields["start"] = day_text(start)
        fields["end"] = day_text(end)
        return True

    def submit(self, *a):
        pass

    def done(self, h, rid, number, applicant, actor, ts, fields):
        h.rows["space_allocations"].append((h.nid("space"), self.space + 1, h.c.id_of[fields["assignee"]], None, rid,
                                            day_text(self.start), day_text(self.end)))

    def close(self, *a):
        pass

    def pending(self, *a):
        pass


class Licence:
    def __init__(self, idx):
        self.idx = idx

    def prepare(self, h, ts, fields):
        lic = h.c.licences[self.idx]
        self.expires = max(lic[1], ts // DAY) + h.rng.choice([365, 730, 1095])
        fields["licence"] = lic[0]
        fields["number"] = "NO-%08d" % h.rng.randint(0, 99999999)
        fields["expires"] = day_text(self.expires)
        return True

    def submit(self, *a):
        pass

    def done(self, h, rid, number, applicant, actor, ts, fields):
        lic = h.c.licences[self.idx]
        lic[1] = self.expires
        del lic[2:]
        lic.append(fields["number"])
        h.add_audit(ts, h.c.login[actor], "licence_renew", lic[0], day_text(self.expires))

    def close(self, *a):
        pass

    def pending(self, *a):
        pass


# ---- what people ask for ----------------------------------------------------------

def money(rng, median, sigma, lo=1, hi=None):
    v = int(rng.lognormvariate(math.log(median), sigma))
    v = max(lo, v)
    if hi:
        v = min(hi, v)
    return v


def colleague(h, applicant):
    members = h.c.dept_members[h.c.edept[applicant]]
    for _ in range(10):
        e = h.rng.choice(members)
        if e != applicant:
            return e
    return h.rng.randint(1, h.c.n_emp)


def make_request(h, seed):
    """(fields, cond, effect) for a seed; fields in the form's field order,
    defaults filled in as the engine does; None when it cannot be made now."""
    created, _, form, applicant, extra = seed
    c, rng = h.c, h.rng
    f = {}
    cond = {}
    eff = None
    if form in ("room_booking", "meeting"):
        ri, slots = extra
        room = c.rooms[ri]
        s, e = slots[0]
        if form == "room_booking":
            f["subject"] = rng.choice(SUBJECTS)
            f["room"] = room[0]
            f["time"] = {"start": fmt(s), "end": fmt(e)}
            f["attendees"] = rng.randint(1, room[1])
            if rng.random() < 0.2:
                f["equipment"] = [x for x in room[2] if rng.random() < 0.5] or room[2][:1]
            f["repeat"] = "weekly" if len(slots) > 1 else "none"
            if len(slots) > 1:
                f["until"] = day_text(slots[-1][0] // DAY)
            if rng.random() < 0.1:
                f["note"] = "请提前开空调"
        else:
            f["topic"] = rng.choice(SUBJECTS) + "（全员）"
            f["agenda"] = "1. 开场\n2. 汇报\n3. 讨论\n4. 总结"
            f["room"] = room[0]
            f["time"] = {"start": fmt(s), "end": fmt(e)}
            f["attendees"] = rng.randint(max(1, room[1] // 2), room[1])
            f["invitees"] = ",".join(sorted({c.login[colleague(h, applicant)] for _ in range(rng.randint(2, 8))}))
            if rng.random() < 0.3:
                f["equipment"] = [x for x in room[2] if rng.random() < 0.5] or room[2][:1]
            if rng.random() < 0.3:
                f["budget"] = rng.randint(10, 500) * 10000
        eff = Booking("room", ri + 1, slots)
    elif form == "vehicle":
        vi, slot = extra
        v = c.vehicles[vi]
        f["vehicle"] = v[0]
        f["time"] = {"start": fmt(slot[0]), "end": fmt(slot[1])}
        f["destination"] = rng.choice(CITIES) + rng.choice(["机场", "火车站", "客户公司", "展览中心", "分公司"])
        f["passengers"] = rng.randint(1, v[1])
        if rng.random() < 0.6:
            f["purpose"] = rng.choice(["接送客户", "外出办事", "参加展会", "送货"])
        eff = Booking("vehicle", vi + 1, [slot])
    elif form == "expense":
        # Lines by category (forms/expense.conf): one to four, the claim's
        # amount their sum, in cents like every money value.
        lines = []
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            line = {"category": rng.choice(["travel", "meals", "office", "other"]),
                    "amount": money(rng, 40000, 1.2, 1, 25000000)}
            if rng.random() < 0.8:
                line["receipts"] = rng.randint(0, 6)
            if rng.random() < 0.2:
                line["note"] = rng.choice(["出租车", "高铁", "住宿", "客户午餐", "打印纸"])
            lines.append(line)
        amount = sum(line["amount"] for line in lines)
        f["lines"] = lines
        f["amount"] = amount
        trips = h.travel_done.get(applicant)
        if lines[0]["category"] == "travel" and trips and trips[-1][0] < created and rng.random() < 0.6:
            f["trip"] = trips[-1][1]
        f["purpose"] = rng.choice(["差旅报销", "客户招待", "办公用品", "团队活动", "培训费用", "交通费"])
        if rng.random() < 0.6:
            f["receipts"] = "receipts/%d.pdf" % rng.randint(1, 10 ** 8)
        f["bank_account"] = "6222 %04d %04d %04d" % (rng.randint(0, 9999), rng.randint(0, 9999),
                                                     rng.randint(0, 9999))
        if rng.random() < 0.1:
            f["cc_person"] = c.login[colleague(h, applicant)]
        cond["amount"] = amount
    elif form == "express":
        f["recipient"] = rng.choice(SURNAMES) + "先生"
        f["phone"] = "13%09d" % rng.randint(0, 999999999)
        f["address"] = rng.choice(CITIES) + "市某某路%d号" % rng.randint(1, 999)
        f["weight"] = rng.randint(50, 5000)
        f["urgent"] = rng.choice(["standard", "standard", "next_day", "same_day"])
    elif form == "licence":
        eff = Licence(extra)
        f["licence"] = None
        f["number"] = None
        f["expires"] = None
        if rng.random() < 0.7:
            f["fee"] = rng.randint(100, 5000) * 100
    elif form == "printing":
        f["document"] = rng.choice(["季度报告", "培训手册", "合同", "宣传册", "会议材料"]) + "%d" % rng.randint(1, 99)
        if rng.random() < 0.5:
            f["original"] = "docs/%d.pdf" % rng.randint(1, 10 ** 8)
        pages = money(rng, 20, 1.0, 1, 5000)
        copies = money(rng, 5, 1.0, 1, 1000)
        f["pages"] = pages
        f["copies"] = copies
        f["colour"] = "colour" if rng.random() < 0.2 else "bw"
        f["binding"] = rng.choice(["none", "none", "staple", "ring", "glue"])
        f["deadline"] = fmt((created // HOUR + rng.randint(4, 72)) * HOUR)
        cond["pagecopies"] = pages * copies
    elif form == "procurement":
        f["supplier"] = "SUP%03d" % rng.randint(1, 100)
        f["items"] = "%s x%d" % (rng.choice(["笔记本电脑", "打印机", "办公椅", "服务器", "投影仪"]), rng.randint(1, 50))
        if rng.random() < 0.3:
            f["lines"] = [{"sku": c.supplies[rng.randrange(len(c.supplies))][0], "qty": rng.randint(10, 200)}]
        amount = money(rng, 2000000, 1.1, 100, 1000000000)
        f["amount"] = amount
        if rng.random() < 0.7:
            f["quote"] = "quotes/%d.pdf" % rng.randint(1, 10 ** 8)
        if amount > 1000000:  # required_when = "amount > 10000": three quotes
            f["quote2_supplier"] = "SUP%03d" % rng.randint(1, 100)
            f["quote2"] = int(amount * rng.uniform(1.0, 1.3))
            f["quote3_supplier"] = "SUP%03d" % rng.randint(1, 100)
            f["quote3"] = int(amount * rng.uniform(1.0, 1.3))
        f["reason"] = rng.choice(["设备更新", "新员工入职", "项目需要", "库存补充"])
        cond["amount"] = amount
    elif form == "repair":
        eff = Repair(rng.random() < 0.05)
        f["asset"] = None
        f["fault"] = rng.choice(["无法开机", "屏幕闪烁", "卡纸", "异响", "无法联网", "按键失灵"])
        f["urgency"] = rng.choice(["low", "normal", "normal", "urgent"])
        if rng.random() < 0.5:
            f["location"] = "%d楼" % rng.randint(2, 13)
        f["outcome"] = "repaired"
        if rng.random() < 0.3:
            f["cost"] = rng.randint(50, 3000) * 100
    elif form == "seal":
        si = rng.randrange(len(c.seals))
        f["seal"] = c.seals[si][0]
        f["document"] = rng.choice(["采购合同", "劳动合同", "证明文件", "授权书", "报价单"]) + "%d" % rng.randint(1, 999)
        f["copies"] = rng.randint(1, 5)
        f["witness"] = c.login[colleague(h, applicant)]
        if rng.random() < 0.5:
            f["scan"] = "scans/%d.pdf" % rng.randint(1, 10 ** 8)
        eff = Seal(si)
    elif form == "space":
        eff = Space()
        f["space"] = None
        f["assignee"] = c.login[applicant if rng.random() < 0.6 else colleague(h, applicant)]
        f["start"] = None
        f["end"] = None
        f["reason"] = rng.choice(["新员工入职", "团队调整", "项目组集中办公"])
    elif form == "supplies":
        lines = []
        for _ in range(rng.choice([1, 1, 2, 3, 4])):
            sup = rng.randrange(len(c.supplies))
            if all(x[0] != sup for x in lines):
                lines.append((sup, rng.randint(1, 10)))
        f["lines"] = [{"sku": c.supplies[sup][0], "qty": q} for sup, q in lines]
        f["purpose"] = rng.choice(["日常办公", "会议使用", "新员工", "项目使用"])
        eff = Stock(lines)
    elif form == "suggestion":
        f["kind"] = rng.choice(["feedback", "feedback", "new_affair", "complaint", "praise"])
        f["topic"] = rng.choice(["食堂", "空调温度", "会议室预订", "打印机", "停车位", "新事项建议"])
        f["detail"] = "建议：" + rng.choice(["希望改进", "非常满意", "请尽快处理", "可否增加"])
    elif form == "travel":
        d0 = created // DAY + rng.randint(1, 20)
        f["destination"] = rng.choice(CITIES)
        f["start"] = day_text(d0)
        f["end"] = day_text(d0 + rng.randint(0, 6))
        f["purpose"] = rng.choice(["客户拜访", "参加会议", "项目实施", "培训"])
        est = money(rng, 500000, 0.9, 10000, 100000000)
        f["estimate"] = est
        f["advance"] = 0
        cond["estimate"] = est
    if hasattr(eff, "prepare") and not eff.prepare(h, created, f):
        return None
    for k in [k for k, v in f.items() if v is None]:
        del f[k]
    return f, cond, eff


def plan_seeds(c, rng):
    """Every request to make: (created ts, tie-break, form, applicant id, extra)."""
    seeds = []
    first_day, last_day = START // DAY, NOW // DAY + 14
    monday0 = first_day - weekday(first_day)
    half = 1800

    def when_asked(start, lead_days):
        created = start - int(rng.uniform(0.05, lead_days) * DAY)
        if created >= NOW:
            created = NOW - int(rng.uniform(60, min(lead_days, 9) * DAY))
        return created

    for ri in range(len(c.rooms)):
        busy = {}
        for term in range(monday0, last_day + 1, 84):
            for wd in range(5):
                pattern = bytearray(20)
                filled = tries = 0
                while filled < 8 and tries < 40:
                    tries += 1
                    length = rng.choice([2, 2, 3, 4, 4, 6])
                    s = rng.randrange(0, 21 - length)
                    if any(pattern[s:s + length]):
                        continue
                    pattern[s:s + length] = b"\x01" * length
                    filled += length
                    days = [term + wd + 7 * k for k in range(12) if first_day <= term + wd + 7 * k <= last_day]
                    if not days:
                        continue
                    slots = [(d * DAY + 8 * HOUR + s * half, d * DAY + 8 * HOUR + (s + length) * half) for d in days]
                    created = when_asked(slots[0][0], 7)
                    if created < START:
                        created = START + rng.randint(0, 2 * HOUR)
                        slots = [x for x in slots if x[0] > created + HOUR]
                        if not slots:
                            continue
                    for d in days[len(days) - len(slots):]:
                        b = busy.setdefault(d, bytearray(20))
                        b[s:s + length] = b"\x01" * length
                    seeds.append((created, len(seeds), "room_booking", rng.randint(1, c.n_emp), (ri, slots)))
        for d in range(first_day, last_day + 1):
            if weekday(d) >= 5:
                continue
            b = busy.setdefault(d, bytearray(20))
            filled, tries = sum(b), 0
            while filled < 11 and tries < 30:
                tries += 1
                length = rng.choice([2, 3, 4])
                s = rng.randrange(0, 21 - length)
                if any(b[s:s + length]):
                    continue
                b[s:s + length] = b"\x01" * length
                filled += length
                slot = (d * DAY + 8 * HOUR + s * half, d * DAY + 8 * HOUR + (s + length) * half)
                created = when_asked(slot[0], 10)
                if created < START:
                    continue
                seeds.append((created, len(seeds), "meeting" if rng.random() < 0.08 else "room_booking",
                              rng.randint(1, c.n_emp), (ri, [slot])))
    for vi in range(len(c.vehicles)):
        for d in range(first_day, last_day + 1):
            if weekday(d) >= 5 or rng.random() > 0.75:
                continue
            a, b = rng.choice([(8, 12), (13, 17), (9, 16), (8, 10), (14, 18), (10, 15)])
            slot = (d * DAY + a * HOUR, d * DAY + b * HOUR)
            created = when_asked(slot[0], 5)
            if created < START:
                continue
            seeds.append((created, len(seeds), "vehicle", rng.randint(1, c.n_emp), (vi, slot)))
    for i in range(60):
        created = rng.randint(START, NOW - HOUR)
        seeds.append((created, len(seeds), "licence", rng.choice(c.role_members["admin_staff"]), i % len(c.licences)))
    others = [("supplies", 22), ("expense", 24), ("travel", 12), ("printing", 14), ("repair", 8),
              ("procurement", 5), ("seal", 7), ("express", 7), ("space", 1), ("suggestion", 1)]
    names = [o[0] for o in others]
    weights = [o[1] for o in others]
    n_other = N_REQUESTS - len(seeds)
    if n_other < 0:
        sys.exit("gen.py: the bookings alone make %d requests" % len(seeds))
    span = NOW // DAY - first_day
    for _ in range(n_other):
        while True:
            d = first_day + rng.randrange(span + 1)
            if weekday(d) < 5 or rng.random() < 0.05:
                break
        created = d * DAY + int(rng.uniform(8.5, 18.5) * HOUR)
        if created < START or created >= NOW:
            created = rng.randint(START, NOW - 60)
        seeds.append((created, len(seeds), rng.choices(names, weights)[0], rng.randint(1, c.n_emp), None))
    seeds.sort()
    return seeds


# ---- writing -------------------------------------------------------------------------

HISTORY_TABLES = ["requests", "steps", "step_people", "tasks", "actions", "request_cc", "notices", "audit",
                  "bookings", "stock_moves", "asset_moves", "seal_uses", "space_allocations", "counters",
                  "minutes", "trip_costs"]
INSERT = {
    "requests": "INSERT INTO requests(id, number, form, summary, applicant_id, state, current_step, round, data,"
                " idem_key, created_at, updated_at, decided_at, done_at, archived_at, paid_at)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "steps": "INSERT INTO steps(id, request_id, pos, name, title, mode, state, why, time_limit, on_timeout)"
             " VALUES(?,?,?,?,?,?,?,?,?,?)",
    "step_people": "INSERT OR IGNORE INTO step_people(step_id, employee_id, kind, why) VALUES(?,?,?,?)",
    "tasks": "INSERT INTO tasks(id, request_id, step_id, round, assignee_id, for_id, state, created_at, due_at,"
             " acted_at, acted_by, opinion, escalated) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "actions": "INSERT INTO actions(id, request_id, task_id, step_id, actor_id, for_id, action, opinion, at, idem_key)"
               " VALUES(?,?,?,?,?,?,?,?,?,?)",
    "request_cc": "INSERT OR IGNORE INTO request_cc(request_id, employee_id) VALUES(?,?)",
    "notices": "INSERT INTO notices(id, employee_id, request_id, kind, text, occasion, created_at, read_at, sent_at)"
               " VALUES(?,?,?,?,?,?,?,?,?)",
    "bookings": "INSERT INTO bookings(id, resource, resource_id, request_id, booked_by, subject, starts_at, ends_at,"
                " state, odometer_out, odometer_in, driver_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
    "asset_moves": "INSERT INTO asset_moves(id, asset_id, request_id, kind, from_status, to_status, from_holder,"
                   " to_holder, actor_id, at, note) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    "seal_uses": "INSERT INTO seal_uses(id, seal_id, request_id, used_by, document, copies, witness_id,"
                 " confirmed_by, at) VALUES(?,?,?,?,?,?,?,?,?)",
    "minutes": "INSERT INTO minutes(request_id, text, written_by, at) VALUES(?,?,?,?)",
    "space_allocations": "INSERT INTO space_allocations(id, space_id, employee_id, department_id, request_id,"
                         " starts_on, ends_on) VALUES(?,?,?,?,?,?,?)",
}


def flush(db, h):
    for table, rows in h.rows.items():
        if rows:
            db.executemany(INSERT[table], rows)
            rows.clear()


def row_hash(prev, rid, at, actor, action, obj, detail):
    m = hashlib.sha256()
    for part in (prev, str(rid), at, actor, action, obj, detail):
        b = part.encode("utf-8")
        m.update(b"%d:" % len(b))
        m.update(b)
    return m.hexdigest()


def write_audit(db, h):
    last = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    rid, prev = (last[0], last[1]) if last else (0, GENESIS)
    h.audit.sort()
    batch = []
    for ts, _, actor, action, obj, detail in h.audit:
        rid += 1
        at = fmt(ts)
        hsh = row_hash(prev, rid, at, actor, action, obj, detail)
        batch.append((rid, at, actor, action, obj, detail, prev, hsh))
        prev = hsh
        if len(batch) >= 50000:
            db.executemany("INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)"
                           " VALUES(?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash)"
                   " VALUES(?,?,?,?,?,?,?,?)", batch)
    # the chain's head, as audit_log keeps it
    for name, value in (("audit.rows", rid), ("audit.tip", int(prev[:15], 16))):
        db.execute("INSERT INTO counters(name, value) VALUES(?, ?)"
                   " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))
    h.audit.clear()
    return rid


def write_trips(db, h):
    """Vehicle trips (`adminflow trip out|in`): odometer out and in, the
    driver, fuel, tolls and parking; odometers run on per vehicle."""
    c, rng = h.c, h.rng
    odo = {}
    drivers = c.dept_members[1]
    ups, costs = [], []
    for start, end, bid, vid, number in sorted(h.trips):
        out = odo.get(vid, rng.randint(5000, 80000))
        back = out + rng.randint(8, 300)
        odo[vid] = back
        keeper = c.vehicles[vid - 1][2]
        ups.append((out, back, rng.choice(drivers), bid))
        costs.append((bid, rng.randint(0, 40000), rng.choice([0, 0, 1500, 3500]), rng.choice([0, 1000, 2000])))
        h.add_audit(start - 300, c.login[keeper], "trip_out", number, "odometer %d" % out)
        h.add_audit(end, c.login[keeper], "trip_in", number, "odometer %d" % back)
    db.executemany("UPDATE bookings SET odometer_out = ?, odometer_in = ?, driver_id = ? WHERE id = ?", ups)
    db.executemany("INSERT INTO trip_costs(booking_id, fuel_cents, tolls_cents, parking_cents) VALUES(?,?,?,?)",
                   costs)


def write_stock(db, h):
    """Replays the reserve/issue moves in time order; stock that would run
    short is received first (a purchase, as `stock return`/procurement would
    bring it in)."""
    c = h.c
    on_hand = [s[1] for s in c.supplies]
    reserved = [0] * len(c.supplies)
    rows = []
    sid = 0
    h.stock_events.sort()
    for ts, _, sup, kind, qty, rid, actor in h.stock_events:
        if kind == "reserve":
            if on_hand[sup] - reserved[sup] < qty:
                batch = max(qty * 4, 100)
                sid += 1
                rows.append((sid, sup + 1, None, "receive", batch, c.role_members["admin_staff"][0],
                             fmt(ts - 600), "采购入库"))
                on_hand[sup] += batch
            reserved[sup] += qty
        else:
            on_hand[sup] -= qty
            reserved[sup] -= qty
        sid += 1
        rows.append((sid, sup + 1, rid, kind, qty, actor, fmt(ts), ""))
    db.executemany("INSERT INTO stock_moves(id, supply_id, request_id, kind, quantity, actor_id, at, note)"
                   " VALUES(?,?,?,?,?,?,?,?)", rows)
    # some end up at or under their reorder level, for the reminders
    for i, s in enumerate(c.supplies):
        if h.rng.random() < 0.04 and on_hand[i] > s[2]:
            take = on_hand[i] - reserved[i] - h.rng.randint(0, s[2])
            if take > 0:
                sid += 1
                db.execute("INSERT INTO stock_moves(id, supply_id, request_id, kind, quantity, actor_id, at, note)"
                           " VALUES(?,?,NULL,'adjust',?,?,?,?)",
                           (sid, i + 1, take, c.role_members["admin_staff"][0], fmt(NOW - DAY), "盘点调整"))
                on_hand[i] -= take
    db.executemany("UPDATE supplies SET on_hand = ?, reserved = ? WHERE id = ?",
                   [(on_hand[i], reserved[i], i + 1) for i in range(len(c.supplies))])


def main():
    ap = argparse.ArgumentParser(description="Build the adminflow benchmark company.")
    ap.add_argument("--adminflow", required=True, help="the built program")
    ap.add_argument("--forms", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "forms"))
    ap.add_argument("--out", required=True, help="directory for company.db and the CSVs")
    ap.add_argument("--seed", type=int, default=20261128)
    a = ap.parse_args()
    t_begin = time.time()
    check_forms(a.forms)
    os.makedirs(a.out, exist_ok=True)
    db_path = os.path.join(a.out, "company.db")
    tmp_path = db_path + ".building"
    for p in (tmp_path, tmp_path + "-journal"):
        if os.path.exists(p):
            os.unlink(p)
    rng = random.Random(a.seed)
    home = os.path.join(a.out, "home")
    os.makedirs(home, exist_ok=True)
    env = {"HOME": home}

    def log(msg):
        print("gen: %6.1fs %s" % (time.time() - t_begin, msg), flush=True)

    c = build_registers(rng, a.out)
    run_program(["init"], a.adminflow, tmp_path, IMPORT_TEXT, env)
    for kind, file in (("departments", "departments-1"), ("employees", "employees"), ("departments", "departments-2"),
                       ("roles", "roles"), ("rooms", "rooms"), ("vehicles", "vehicles"), ("spaces", "spaces"),
                       ("supplies", "supplies"), ("assets", "assets"), ("suppliers", "suppliers"), ("seals", "seals"),
                       ("licences", "licences")):
        run_program(["import", kind, os.path.join(a.out, file + ".csv")], a.adminflow, tmp_path, IMPORT_TEXT, env)
    log("registers imported through adminflow import")
    c.room_index = {r[0]: i for i, r in enumerate(c.rooms)}
    c.vehicle_index = {v[0]: i for i, v in enumerate(c.vehicles)}
    c.seal_index = {s[0]: i for i, s in enumerate(c.seals)}

    db = sqlite3.connect(tmp_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    # the ids the import gave must be the generator's
    for i in (1, c.n_emp):
        got = db.execute("SELECT login FROM employees WHERE id = ?", (i,)).fetchone()[0]
        if got != c.login[i]:
            sys.exit("gen.py: employee %d is %s, expected %s" % (i, got, c.login[i]))
    saved = db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                       " AND sql IS NOT NULL AND tbl_name IN (%s) ORDER BY rowid"
                       % ",".join("'%s'" % t for t in HISTORY_TABLES)).fetchall()
    db.execute("BEGIN")
    for typ, name, _ in saved:
        db.execute("DROP %s %s" % (typ.upper(), name))

    seeds = plan_seeds(c, rng)
    log("%d requests planned" % len(seeds))
    h = History(c, rng)
    h.n_total = len(seeds)
    made = 0
    for i, seed in enumerate(seeds):
        for attempt in range(20):
            r = make_request(h, seed)
            if r is not None and h.request(seed[0], seed[2], seed[3], r[0], r[1], r[2]):
                made += 1
                break
            # nobody could approve it, or nothing to repair: someone else asks
            seed = (seed[0], seed[1], seed[2], rng.randint(1, c.n_emp), seed[4])
        else:
            sys.exit("gen.py: could not make request %d (%s)" % (i, seed[2]))
        if i % 20000 == 19999:
            flush(db, h)
        if i % 100000 == 99999:
            log("%d requests" % (i + 1))
    flush(db, h)
    log("%d requests written; head10 has %d pending, clerk01 acted on %d" % (made, h.head10_pending, h.clerk_done))
    write_trips(db, h)
    n_audit = write_audit(db, h)
    log("audit chain: %d rows" % n_audit)
    write_stock(db, h)
    db.executemany("UPDATE assets SET status = ?, holder_id = ? WHERE id = ?",
                   [(s, hold, i + 1) for i, (tag, s, hold) in enumerate(c.assets)])
    db.executemany("UPDATE licences SET expires_on = ?, number = coalesce(?, number) WHERE id = ?",
                   [(day_text(l[1]), l[2] if len(l) > 2 else None, i + 1) for i, l in enumerate(c.licences)])
    db.executemany("INSERT INTO counters(name, value) VALUES(?, ?)", sorted(h.counters.items()))
    for typ, name, sql in saved:
        db.execute(sql)
    db.execute("COMMIT")
    log("indexes and triggers back")
    # what the schema would have refused, had the triggers been on
    bad = db.execute("SELECT count(*) FROM (SELECT resource, resource_id, starts_at,"
                     " lag(ends_at) OVER (PARTITION BY resource, resource_id ORDER BY starts_at) AS prev_end"
                     " FROM bookings WHERE state <> 'cancelled') WHERE prev_end > starts_at").fetchone()[0]
    if bad:
        sys.exit("gen.py: %d overlapping bookings" % bad)
    fk = db.execute("PRAGMA foreign_key_check").fetchmany(5)
    if fk:
        sys.exit("gen.py: foreign keys broken: %r" % fk)
    db.close()
    log("checked: no overlaps, foreign keys hold")
    out = run_program(["remind"], a.adminflow, tmp_path, NOW_TEXT, env)
    log("remind, as the daily job: %d lines" % (len(out.splitlines()) - 1))
    out = run_program(["audit", "verify"], a.adminflow, tmp_path, NOW_TEXT, env)
    log(out.strip())
    os.replace(tmp_path, db_path)
    log("%s: %.0f MB" % (db_path, os.path.getsize(db_path) / 1e6))


if __name__ == "__main__":
    main()
