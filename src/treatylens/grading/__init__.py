"""Graded assignments: per-student parameters, building with otter-grader, and grading.

Student notebooks import only `my_parameters` from here; the grader (`treatylens grade`) and
the build (`make assignments`) live in submodules so that a student notebook stays light.
"""

from treatylens.grading.variants import assignment_parameters, my_parameters

__all__ = ["assignment_parameters", "my_parameters"]
