"""Reading the data: the only code that opens files under `data/`.

Each module mirrors a folder or source: `treaty_texts` and `untc` (data/treaties and the saved
UN Treaty Collection pages), `sources` (data/sources), `risk` (data/risk); `cache` makes every
loader read a file once per process. Loaders validate every row and name file, line and problem.
"""
