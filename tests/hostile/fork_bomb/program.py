# Forks forever; every process keeps forking. The pids limit and the wall limit must hold and no
# process may survive the run.
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
