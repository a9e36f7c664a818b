#include "util/allocator.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace arena::util {

void configure_allocator() {
#if defined(__GLIBC__)
  // A heap's free top is kept up to 64 MiB; growing it asks for 16 MiB more than needed.
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

}  // namespace arena::util
