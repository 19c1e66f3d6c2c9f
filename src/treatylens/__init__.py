"""treatylens: the helper library behind the course notebooks.

Notebook cells stay short by calling small, tested functions from here. Data is read in
`treatylens.io`, calculated in the topic modules (`treaties`, `geo`, `coverage`, `claims`,
`risk` …) and drawn in `treatylens.charts`; `exercises` checks answers and `grading` grades
assignments. `src/treatylens/README.md` says where a new piece goes.
"""

__version__ = "0.1.0"
