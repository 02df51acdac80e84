"""``demo``: fill a new database with a realistic commune for trying the app and benchmarks."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu (một xã, danh mục thủ tục, một năm hồ sơ)")
    p.add_argument("--years", type=float, default=1.0, help="số năm hồ sơ (mặc định 1)")
    p.add_argument("--per-day", type=float, default=6.0, help="số hồ sơ trung bình mỗi ngày")
    p.add_argument("--seed", type=int, default=766, help="hạt giống ngẫu nhiên")
    p.add_argument("--password", default="matkhau123", help="mật khẩu của các tài khoản mẫu")
    p.add_argument(
        "--no-files",
        dest="files",
        action="store_false",
        help="không tạo tài liệu số hóa, chữ ký số, bản sao chứng thực điện tử (nhanh hơn)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services import demo
    from tthc_desk.services.database import open_database
    from tthc_desk.services.demo_files import certificates_folder

    db = open_database(args.db)
    summary = demo.build_demo(
        db,
        years=args.years,
        per_day=args.per_day,
        seed=args.seed,
        password=args.password,
        progress=lambda d, t: print(f"\r{d}/{t}", end="", flush=True),
        files=args.files,
    )
    print()
    print(f"Đã tạo dữ liệu mẫu trong {db.display_name}:")
    for key, value in summary.items():
        print(f"  {key}: {value}")
    folder = certificates_folder(db)
    if args.files and folder is not None and folder.is_dir():
        print(f"Tài liệu số hóa: {db.files_dir()}")
        print(f"Chứng thư số mẫu (.p12, mật khẩu như tài khoản mẫu): {folder}")
    return 0
