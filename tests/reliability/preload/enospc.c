/* A full disk on demand, for the durability suite (tests/reliability/durability/disk_full.cpp).
 *
 * Loaded with LD_PRELOAD into `arena serve`. While the file named by ARENA_ENOSPC_SWITCH exists,
 * every write-like call on a file under the directory named by ARENA_ENOSPC_DIR fails with
 * ENOSPC, as on a filesystem that has run out of space; everything else (sockets, the log on
 * stderr, files elsewhere) passes through to the real function found with dlsym(RTLD_NEXT).
 * No root, loop device or tmpfs quota is needed, and the test switches the fault on and off
 * without restarting the server.
 *
 * Which calls matter: Debian's libsqlite3.so.0 imports write, pwrite64, ftruncate64 (and mmap64
 * for the WAL index, which never fails for lack of space once mapped). The others (pwrite,
 * writev, pwritev, ftruncate, fallocate, posix_fallocate) are interposed as well so that a
 * build of SQLite with other options cannot bypass the fault. A truncation is refused only
 * when it would grow the file: shrinking never needs space.
 *
 * The descriptor's path comes from readlink(/proc/self/fd/N), so ARENA_ENOSPC_DIR must be a
 * canonical path. errno is preserved on the pass-through path. Thread-safe: the state is the
 * environment (read only) and the switch file; the real functions are looked up once per
 * symbol (a benign race: every thread stores the same pointer).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* True when the switch is on and fd names a file under ARENA_ENOSPC_DIR. */
static int disk_is_full(int fd) {
  const char* dir = getenv("ARENA_ENOSPC_DIR");
  const char* sw = getenv("ARENA_ENOSPC_SWITCH");
  if (dir == NULL || *dir == '\0' || sw == NULL || *sw == '\0') return 0;
  int saved = errno;
  int full = 0;
  if (access(sw, F_OK) == 0) {
    char link[64];
    char path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n > 0) {
      path[n] = '\0';
      size_t len = strlen(dir);
      while (len > 1 && dir[len - 1] == '/') --len;
      full = strncmp(path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
    }
  }
  errno = saved;
  return full;
}

static void* real(const char* name) {
  void* f = dlsym(RTLD_NEXT, name);
  if (f == NULL) {
    /* Nothing sensible can continue without the real function. */
    fprintf(stderr, "arena_enospc: no next definition of %s\n", name);
    abort();
  }
  return f;
}

/* real_NAME: the next definition of NAME, with NAME's own type. */
#define REAL(name)                                \
  static __typeof__(&name) real_##name = NULL;    \
  if (real_##name == NULL) real_##name = (__typeof__(&name))real(#name)

ssize_t write(int fd, const void* buf, size_t n) {
  REAL(write);
  if (n > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  REAL(pwrite);
  if (n > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t off) {
  REAL(pwrite64);
  if (n > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  REAL(writev);
  if (count > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_writev(fd, iov, count);
}

ssize_t pwritev(int fd, const struct iovec* iov, int count, off_t off) {
  REAL(pwritev);
  if (count > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_pwritev(fd, iov, count, off);
}

ssize_t pwritev64(int fd, const struct iovec* iov, int count, off64_t off) {
  REAL(pwritev64);
  if (count > 0 && disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_pwritev64(fd, iov, count, off);
}

/* Growth needs space; shrinking does not. */
static int grows(int fd, off64_t length) {
  struct stat st;
  if (fstat(fd, &st) != 0) return 1;
  return length > st.st_size;
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate);
  if (disk_is_full(fd) && grows(fd, length)) {
    errno = ENOSPC;
    return -1;
  }
  return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
  REAL(ftruncate64);
  if (disk_is_full(fd) && grows(fd, length)) {
    errno = ENOSPC;
    return -1;
  }
  return real_ftruncate64(fd, length);
}

int fallocate(int fd, int mode, off_t off, off_t len) {
  REAL(fallocate);
  if (disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_fallocate(fd, mode, off, len);
}

int fallocate64(int fd, int mode, off64_t off, off64_t len) {
  REAL(fallocate64);
  if (disk_is_full(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return real_fallocate64(fd, mode, off, len);
}

/* posix_fallocate reports the error as its result, not in errno. */
int posix_fallocate(int fd, off_t off, off_t len) {
  REAL(posix_fallocate);
  if (disk_is_full(fd)) return ENOSPC;
  return real_posix_fallocate(fd, off, len);
}

int posix_fallocate64(int fd, off64_t off, off64_t len) {
  REAL(posix_fallocate64);
  if (disk_is_full(fd)) return ENOSPC;
  return real_posix_fallocate64(fd, off, len);
}
