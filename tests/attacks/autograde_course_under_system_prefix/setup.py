# Plants a course's solutions under /opt and /usr/local (readable by everyone, as an instructor
# would keep them) and gives eve a solution cell that tries to read them. check.py removes them.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_setup import submit_with_solution

mode = os.environ["ATTACK_MODE"]
planted = [f"/opt/gradebox-attack-item5-{mode}", f"/usr/local/share/gradebox-attack-item5-{mode}"]
for folder in planted:
    os.makedirs(os.path.join(folder, "source", "ps1"), exist_ok=True)
    for dirpath, _, _ in os.walk(folder):
        os.chmod(dirpath, 0o755)
    secret = os.path.join(folder, "source", "ps1", "solutions.txt")
    with open(secret, "w") as f:
        f.write("item5-planted-solution: squares = [i * i ...]\n")
    os.chmod(secret, 0o644)

attempts = "".join(
    f"try:\n"
    f"    print('READ', open({os.path.join(folder, 'source', 'ps1', 'solutions.txt')!r}).read())\n"
    f"except OSError as error:\n"
    f"    print('blocked', type(error).__name__)\n" for folder in planted)
submit_with_solution(sys.argv[1], "eve", "squares", attempts + """
def squares(n):
    if n < 1:
        raise ValueError("n must be positive")
    return [i ** 2 for i in range(1, n + 1)]
""")
