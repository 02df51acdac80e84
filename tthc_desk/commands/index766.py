"""``index766``: the office's estimated 766 score for a period, printed in Vietnamese (and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tthc_desk.commands import date_arg


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "index766", help="ước tính điểm Chỉ số 766 của xã trong một khoảng thời gian"
    )
    p.add_argument("--from", dest="date_from", type=date_arg, required=True, help="từ ngày")
    p.add_argument("--to", dest="date_to", type=date_arg, required=True, help="đến ngày")
    p.add_argument("--out", type=Path, help="lưu báo cáo 766 ra tệp .pdf")
    p.add_argument("--all", dest="show_all", action="store_true", help="in hết hồ sơ làm mất điểm")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.domain import index766 as ix
    from tthc_desk.reports.index766 import SOURCE, ratio_text, reason_text
    from tthc_desk.services import index766
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        if args.out is not None:
            est = index766.render_pdf(db, args.date_from, args.date_to, args.out)
        else:
            est = index766.estimate(db, args.date_from, args.date_to)
    finally:
        db.dispose()
    r = est.report
    print(
        f"Chỉ số 766 ước tính của {est.office_name}, từ {est.period_from:%d/%m/%Y} "
        f"đến {est.period_to:%d/%m/%Y} (số liệu đến {est.as_of:%H:%M %d/%m/%Y}):"
    )
    print(f"TỔNG: {ix.fmt_points(r.total)}/{ix.fmt_points(r.max_total)} điểm")
    for g in r.groups:
        print(f"\n{g.number}. {g.title}: {ix.fmt_points(g.points)}/{ix.fmt_points(g.max_points)}")
        for c in g.criteria:
            ratio = "; ".join(ratio_text(x) for x in c.parts)
            sources = ", ".join(dict.fromkeys(SOURCE[x.source] for x in c.parts))
            print(
                f"  - {c.title}: {ix.fmt_points(c.points)}/{ix.fmt_points(c.max_points)}"
                f" ({ratio}; {sources})"
            )
    print("\nYêu cầu riêng của xã:")
    verdict = {True: "đạt", False: "CHƯA ĐẠT", None: "chưa nhập số sổ giấy"}
    for rule in r.rules:
        total = "—" if rule.total is None else rule.total
        print(f"  - {rule.title}: {rule.count}/{total} — {verdict[rule.ok]}")
    if est.lost:
        print(f"\nHồ sơ, thủ tục làm mất điểm ({len(est.lost)}):")
        titles = {c.key: c.title for c in r.criteria} | {x.key: x.title for x in r.rules}
        limit = None if args.show_all else 10
        keys = list(dict.fromkeys(x.key for x in est.lost))
        for key in keys:
            items = est.lost_for(key)
            print(f"  {titles.get(key, key)} ({len(items)}):")
            for x in items[:limit]:
                print(f"    {x.code}: {reason_text(x)}")
            if limit is not None and len(items) > limit:
                print(f"    … và {len(items) - limit} trường hợp khác (dùng --all để in hết)")
    else:
        print("\nKhông có hồ sơ, thủ tục nào làm mất điểm.")
    if args.out is not None:
        print(f"\nĐã lưu báo cáo 766 vào {args.out}")
    return 0
