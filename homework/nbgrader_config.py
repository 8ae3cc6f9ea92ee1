# nbgrader configuration of the course's homework: the course-directory template.
#
# `python -m course_lib.homework build --course DIR` copies this file into the course
# directory DIR (once; later builds keep your edited copy). Run every nbgrader command in DIR.
# See the README, "For instructors: homework", and https://nbgrader.readthedocs.io/.

c = get_config()  # noqa: F821 (nbgrader defines get_config when it reads this file)

# The course's id. On a JupyterHub with nbgrader's exchange, students see the course's
# assignments under this name; keep it the same as in the students' nbgrader configuration.
c.CourseDirectory.course_id = "compneuro"

# The exchange through which assignments are released and collected. On the class hub it is a
# folder every user can reach (see the README); nbgrader's default is /srv/nbgrader/exchange.
# c.Exchange.root = "/srv/nbgrader/exchange"

# Executing a submission: every cell gets this long (seconds). An endless loop then costs the
# exercise whose test cell ran it, and the rest of the notebook is still graded.
c.Execute.timeout = 60

# Test cells a student deleted are put back and graded (a deleted answer cell scores 0).
c.OverwriteCells.add_missing_cells = True

# Notes in the graded notebooks where an answer cell is missing or printed too much, or a cell
# was stopped at the time limit; outputs over GradingNotes.max_output_chars are cut. The
# feedback HTML shows the messages of failed hidden tests but not their source.
from course_lib.homework_notes import configure_grading  # noqa: E402

configure_grading(c)
# c.GradingNotes.max_output_chars = 10_000
