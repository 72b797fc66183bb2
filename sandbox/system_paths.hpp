// What of the host's file system a sandboxed program may read besides its own directories: the
// distribution's programs, libraries and data, Python's own directories, and a few named /etc
// files. Computed once per process from this host's layout, not a broad list of top-level
// directories: site-local trees (/opt, /srv, /home, /usr/local, the rest of /etc, /var, /root)
// are where courses, solutions and submissions live, and a session never sees them.
//
// Readable (read + execute; each only when it exists):
//   /usr/bin /usr/sbin /bin /sbin           programs for `!cmd` and subprocesses
//   /usr/lib* /lib*                         the loader, libc, every ld.so.cache directory the
//                                           distribution owns, /usr/lib/python3.N (stdlib) and
//                                           /usr/lib/python3/dist-packages (numpy, scipy, ... and
//                                           their data files)
//   /usr/share                              distribution data: zoneinfo, fonts, matplotlib's
//                                           mpl-data, locale, mime
//   /usr/local/lib/python3.N/dist-packages  Debian's Python puts it on sys.path (pip installs by
//                                           the admin); nothing else of /usr/local, not even the
//                                           /usr/local/lib that ld.so.conf names
//   /etc/python3 /etc/python3.N             Debian's sitecustomize.py (/usr/lib/python3.N links
//                                           to it: without it every `python3` prints an error)
//   /etc/ld.so.cache                        how ld.so finds /usr/lib/<multiarch> libraries
//   /etc/localtime /etc/timezone            local time for time.localtime, datetime, pandas
//   /etc/mime.types                         mimetypes.init() opens it when present (and raises
//                                           when it cannot)
//   /etc/matplotlibrc                       Debian's matplotlib reads it when present
//   /etc/fonts                              fontconfig's config, for matplotlib's `fc-list` scan
//   /dev/null /dev/zero /dev/urandom /dev/random
//   /sys/devices/system/cpu                 CPU topology (OpenBLAS, os.cpu_count)
// Deliberately not: /etc/passwd and /etc/group (every account's name on a shared host; a session
// needs nobody's name), /etc/hosts, resolv.conf, nsswitch.conf and ssl certificates (no network),
// /proc (/proc/self/mem and other processes), ld.so.conf's /usr/local dirs. A Python outside
// /usr (a conda under /opt) is made readable by naming it: Policy::readable_paths, `--ro`.
#pragma once

#include <filesystem>
#include <vector>

namespace gradebox::sandbox {

const std::vector<std::filesystem::path>& system_readable_paths();

}  // namespace gradebox::sandbox
