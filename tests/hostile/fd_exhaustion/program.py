# Opens descriptors until refused; must get EMFILE at the --nofile limit, not exhaust the host.
import errno
fds = []
try:
    while True:
        fds.append(open("/dev/null"))
except OSError as e:
    assert e.errno == errno.EMFILE, e
    assert len(fds) < 64, len(fds)
    print("EMFILE after", len(fds))
