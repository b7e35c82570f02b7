"""What a person reads when a folder, file or disk the run needs is not usable (exit 6,
optimiser.surroundings), and when a damaged ledger is moved aside: the path, and what to do."""

from __future__ import annotations

from optimiser.report.words import Words

WORDS = Words(
    "surroundings",
    {
        "is_file": {
            "zh": "{path} 是一个文件，而这里需要一个文件夹：请让 --out 指向一个文件夹，"
            "或把这个文件移走",
            "en": "{path} is a file where a folder is needed: point --out at a folder, or move "
            "the file away",
        },
        "not_writable": {
            "zh": "无法写入 {path}（没有写权限，或在只读磁盘上）：请给运行本程序的账户写权限，"
            "或用 --out 指定一个可写的文件夹",
            "en": "cannot write to {path} (no write permission, or a read-only disk): give the "
            "account that runs allocate write permission, or choose a writable folder with --out",
        },
        "no_space": {
            "zh": "{path} 所在磁盘空间不足：剩余 {free}，本次运行约需 {need}；请腾出空间，"
            "或用 --out 指定另一块磁盘上的文件夹",
            "en": "not enough space on the disk of {path}: {free} free, the run needs about "
            "{need}; free some space, or choose a folder on another disk with --out",
        },
        "full": {
            "zh": "写入 {path} 时磁盘已满，没有留下写了一半的运行文件夹；请腾出空间后再运行，"
            "或用 --out 指定另一块磁盘上的文件夹",
            "en": "the disk filled up while writing {path}; no half-written run folder is left; "
            "free some space and run again, or choose a folder on another disk with --out",
        },
        "missing": {
            "zh": "{path} 不存在（{reason}）：请检查路径后再运行",
            "en": "{path} does not exist ({reason}): check the path and run again",
        },
        "locked": {
            "zh": "运行台账 {path} 被另一个进程占用超过 30 秒：请等它结束后再运行",
            "en": "the run ledger {path} has been held by another process for over 30 "
            "seconds: wait for it to finish and run again",
        },
        "unusable": {
            "zh": "无法使用 {path}（{reason}）：请检查它是否存在、权限和所在磁盘后再运行",
            "en": "{path} is not usable ({reason}): check that it exists, its permissions and "
            "its disk, and run again",
        },
        "ledger_moved": {
            "zh": "运行台账 {path} 已损坏，已移到 {moved} 保存，并新建了台账；本次运行照常进行",
            "en": "the run ledger {path} was damaged: moved aside to {moved}, a fresh ledger "
            "started; the run goes on",
        },
        "nothing_to_do": {
            "zh": "没有要做的事：给了 {given}，但缺少 --year 或 --years（例如 --year 2018 或 "
            "--years 2017-2020）；其他命令见 `allocate --help`",
            "en": "nothing to do: {given} given, but --year or --years is missing (e.g. --year "
            "2018 or --years 2017-2020); allocate --help lists the commands",
        },
    },
)
