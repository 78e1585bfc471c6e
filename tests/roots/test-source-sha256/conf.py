import os
import sys

sys.path.insert(0, os.path.abspath("../../../_ext"))
extensions = ["myst_parser", "edition"]
myst_enable_extensions = ["colon_fence"]
smartquotes = False
exclude_patterns = ["_build", "sources/originals"]
