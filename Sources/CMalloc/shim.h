/* glibc's allocator settings (mallopt, M_ARENA_MAX): part of libc, nothing to install. */
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
