// The zygote's preloaded heap moved into transparent huge pages before any fork.
//
// Every session is a fork of the zygote: the fork copies one page-table entry per 4 KiB page of
// the zygote's writable memory and the session's exit drops them again, so their cost grows with
// what is preloaded (pandas added ~22 MiB and ~280 mappings, +24% CPU per autograde submission;
// bench/RESULTS.md, issue 14). A 2 MiB huge page is one entry to copy and to drop. A session's
// first write into one splits only its own mapping and copies 4 KiB, as before (the kernel's
// copy-on-write of a shared huge page), so sessions share what they shared before.
#pragma once

namespace gradebox::worker {

// madvise(MADV_COLLAPSE) over the 2 MiB-aligned parts of the anonymous writable mappings (the
// interpreter's arenas and the malloc heap). Best effort: a kernel before 6.1, transparent huge
// pages set to "never" or no free huge page leaves the heap in 4 KiB pages, as before.
void collapse_heap_into_huge_pages();

}  // namespace gradebox::worker
