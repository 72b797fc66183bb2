# 100,000 files in the scratch dir; all of it must be gone after the run.
import os
os.mkdir("many")
for i in range(100000):
    with open(f"many/{i}", "w"):
        pass
print("created", len(os.listdir("many")))
