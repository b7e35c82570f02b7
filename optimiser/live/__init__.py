"""`allocate serve`: a local web server for budget meetings. A projected page moves levers
(budgets, rule switches, rule parameters) and shows the plan worked out again at once.

    levers.py    the lever catalogue, and levers -> overrides (the validation `--set` has)
    engine.py    the held model a session's answers are solved on
    answer.py    a solved run (and the base plan) -> the page's answer
    conflict.py  no plan: why, and the smallest relaxation as lever values
    sessions.py  each browser session's state and held model, least recently used evicted
    store.py     saved scenarios (the YAML file `allocate scenarios` reads), run folders
    security.py  the access token, the Host check, request size limits
    app.py       the FastAPI application (`create_app`) and `serve`

The JSON the page and the server exchange is docs/live-api.md."""
