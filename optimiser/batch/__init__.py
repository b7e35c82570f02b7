"""Many plans at once: the points of a sweep, a scenario set, a batch file or a Monte Carlo study,
solved by one executor on this machine (processes) or on a Dask cluster, with the same results,
files and ledger entries either way.

    points.py        a point (dataset, years, overrides) and its key; what a worker does with one
    warm.py          the warm base a worker holds per dataset: variants answered on its model
    store.py         a batch's results file (appended as points finish, read back on a re-run)
                     and the run folders workers send back
    driver.py        submits what is not yet finished, writes results as they arrive
    local.py         the executor on this machine (in this process, or worker processes)
    cluster.py       the executor on a Dask cluster (`--scheduler`), LocalCluster included;
                     worker_setup.py is loaded into the workers of `--scheduler local`
    runs.py          batches of whole runs (scenario sets, batch files): folders and ledger
    file.py          the batch file format (YAML)
    draws.py         Monte Carlo draws (`--draws N --vary PATH=±P%`) and their statistics;
                     draws_report.py the distribution report for people
    commands.py      `allocate batch`: a batch file or a Monte Carlo study, start to end
    progress.py      the progress bar, what is said when a batch is stopped or a point failed
    table.py, words.py   what `allocate batch` prints, in both languages
"""
