"""``python -m verify check``: re-check a certificate from its cores alone."""

from __future__ import annotations

import argparse

HELP = "re-check a certificate from its cores alone"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("certificate", help="certificate JSON file")


def run(args: argparse.Namespace) -> int:
    from ..certificate import check_certificate, load_certificate

    res = check_certificate(load_certificate(args.certificate))
    if res["method"] == "koszul":
        g = res["grouping"]
        print(
            f"certificate holds: the Koszul flattening (A = modes {g['A']}, B = {g['B']}, C = {g['C']}; "
            f"p = {res['p']}) "
            f"of the tensor with these integer cores has rank >= {res['rank']} over Q (a {res['rank']}x{res['rank']} "
            f"minor is nonzero mod {res['prime']}), so its border rank and CP-rank are >= {res['bound']}"
        )
        return 0
    modes = res["row_modes"]
    shown = str(modes) if len(modes) <= 12 else f"[{', '.join(map(str, modes[:6]))}, ..., {modes[-1]}] ({len(modes)})"
    why = (
        f"a {res['rank']}x{res['rank']} minor is nonzero mod {res['prime']}"
        if res["method"] == "minor"
        else f"both factors of the cut have full rank: a minor of each of its {res['runs']} runs of cores, "
        f"at most {res['largest_minor']}x{res['largest_minor']}, is nonzero mod {res['prime']}"
    )
    print(
        f"certificate holds: the matricization (rows: modes {shown}) of the tensor with these "
        f"integer cores has rank >= {res['rank']} over Q ({why})"
    )
    return 0
