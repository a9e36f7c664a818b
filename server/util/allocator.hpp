// The process's heap settings, set once at start-up by `arena serve` (and by the benchmarks that
// drive the server's own code, so they measure what the server runs).
//
// glibc gives the top of a heap back to the kernel as soon as more than the trim threshold
// (128 KiB, raised dynamically) is free there, and asks for it again on the next burst. The
// writer thread frees a group commit's garbage (a group of 1,000 messages, megabytes of it)
// every few milliseconds, so under load it spent an eighth of its time in madvise and page
// faults. A higher threshold and some padding keep those pages; the server still returns free
// memory when it is quiet (net/server.cpp, malloc_trim), so an idle server stays small.
#pragma once

namespace arena::util {

void configure_allocator();

}  // namespace arena::util
