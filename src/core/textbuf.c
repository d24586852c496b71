/* SPDX-License-Identifier: MIT */
/* textbuf: printf-append into a fixed buffer. */
#include "jtune/core/textbuf.h"

#include <stdio.h>

bool textbuf_vappend(char *buf, size_t size, size_t *len, bool *full, const char *fmt, va_list ap) {
    if (*full || size == 0 || *len >= size) {
        *full = true;
        return false;
    }
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    if (n < 0 || (size_t)n >= size - *len) {
        *full = true;
        buf[*len] = '\0';
        return false;
    }
    *len += (size_t)n;
    return true;
}
