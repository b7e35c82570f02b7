"""What a person reads about a batch while it runs and when it stops: progress, interruption,
points that failed on their own, a cluster that cannot be used (exit 6)."""

from __future__ import annotations

from optimiser.report.words import Words

W = Words(
    "batch",
    {
        "progress": {"zh": "{done}/{total} 个点", "en": "{done}/{total} points"},
        "rate": {"zh": "每秒 {rate} 个点", "en": "{rate} points per second"},
        "skipped": {
            "zh": "{done} 个点已在 {path} 中完成，跳过；还需求解 {todo} 个",
            "en": "{done} points already finished in {path}, skipped; {todo} to solve",
        },
        "interrupted": {
            "zh": "已中断：已完成的 {done} 个点保存在 {path}；再次运行同一命令可接着求解其余 {left} 个",
            "en": "interrupted: the {done} finished points are kept in {path}; run the same "
            "command again to solve the other {left}",
        },
        "stopped_early": {
            "zh": "已中断：还没有点求解完成，没有写入任何结果",
            "en": "interrupted before any point was finished: nothing was written",
        },
        "terminated": {
            "zh": "已终止：已完成的 {done} 个点保存在 {path}；再次运行同一命令可接着求解其余 {left} 个",
            "en": "terminated (SIGTERM): the {done} finished points are kept in {path}; run the "
            "same command again to solve the other {left}",
        },
        "failed.title": {
            "zh": "未能求解的点（原因如下，其余各点照常完成）：",
            "en": "Points that could not be solved (why below; every other point finished):",
        },
        "failed.line": {"zh": "  {name}：{reason}", "en": "  {name}: {reason}"},
        "failed.more": {
            "zh": "  ……另有 {count} 个，见 {path}",
            "en": "  ... {count} more in {path}",
        },
        "on": {
            "zh": "执行方式：{how}",
            "en": "Solved by: {how}",
        },
        "how.local": {"zh": "本机 {workers} 个进程", "en": "this machine, {workers} process(es)"},
        "how.cluster": {
            "zh": "集群 {address}（{workers} 个工作进程）",
            "en": "the Dask cluster at {address} ({workers} workers)",
        },
        "unreachable": {
            "zh": "无法连接集群调度器 {address}（{reason}）：请先在该机器上运行 `dask scheduler`，"
            "并检查地址、端口和防火墙；或去掉 --scheduler 在本机运行",
            "en": "cannot reach the Dask scheduler at {address} ({reason}): start it with `dask "
            "scheduler` on that machine and check the address, port and firewall; or leave out "
            "--scheduler to run on this machine",
        },
        "no_workers": {
            "zh": "集群调度器 {address} 在 {seconds} 秒内没有可用的工作进程：请在各台机器上运行 "
            "`dask worker {address} --nthreads 1`",
            "en": "the Dask scheduler at {address} has had no workers for {seconds} seconds: "
            "start them with `dask worker {address} --nthreads 1` on each machine",
        },
        "versions": {
            "zh": "集群工作进程 {worker} 的软件版本与本机不同（{differences}）：请在每台机器上"
            "用同一个锁定文件安装（`make install`），使结果一致",
            "en": "the Dask worker {worker} runs other versions than this machine "
            "({differences}): install from the same lock on every machine (`make install`) so "
            "that the results agree",
        },
        "no_package": {
            "zh": "集群工作进程 {worker} 无法载入本程序（{reason}）：请在每台机器上安装同一版本"
            "（`make install`），并在其环境中运行 `dask worker`",
            "en": "the Dask worker {worker} cannot load this program ({reason}): install the "
            "same version on every machine (`make install`) and run `dask worker` from its "
            "environment",
        },
        "batch.title": {
            "zh": "批量运行：{runs} 个方案，{datasets} 个数据集",
            "en": "Batch: {runs} plans of {datasets} dataset(s)",
        },
        "batch.label": {"zh": "批量运行", "en": "Batch"},
        "draws.label": {"zh": "稳健性抽样", "en": "Robustness draws"},
        "col.dataset": {"zh": "数据集", "en": "Dataset"},
        "col.years": {"zh": "年度", "en": "Years"},
        "col.scenario": {"zh": "情景", "en": "Scenario"},
        "col.status": {"zh": "状态", "en": "Status"},
        "col.people": {"zh": "覆盖人口（加权）", "en": "People reached (weighted)"},
        "col.deep": {"zh": "深度贫困县份额", "en": "Deep counties' share"},
        "col.money": {"zh": "安排资金（万元）", "en": "Allocated (万元)"},
        "base": {"zh": "基准", "en": "base"},
        "status.failed": {"zh": "未能求解", "en": "not solved"},
        "status.bad-input": {"zh": "改动不适用", "en": "override refused"},
        "batch.files": {
            "zh": "文件：{path}（每个方案一行，含其运行目录）",
            "en": "Files: {path} (one row per plan, with its run folder)",
        },
        "batch.compared": {
            "zh": "各数据集的情景比较：{tables}",
            "en": "Each dataset's scenario comparison: {tables}",
        },
        "lost": {
            "zh": "与集群调度器 {address} 的连接中断（{reason}）：已完成的点已保存，"
            "再次运行同一命令可接着求解其余各点",
            "en": "the connection to the Dask scheduler at {address} was lost ({reason}): the "
            "finished points are kept; run the same command again to solve the rest",
        },
    },
)
