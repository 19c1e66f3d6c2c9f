"""treatylens: the helper library behind the course notebooks.

Notebook cells stay short by calling small, tested functions from here. Modules are named after
what a reader looks for: `treaties`, `geo`, `maps`, `sources`, `coverage`, `risk`,
`exercises`, `grading`, `cli`.
"""

__version__ = "0.1.0"
