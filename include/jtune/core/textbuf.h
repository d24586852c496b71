/* SPDX-License-Identifier: MIT */
/* textbuf: printf-append into a fixed caller buffer, all-or-nothing per append. The one
 * implementation behind every formatter that fills a caller's buffer (log lines, metrics,
 * tegrastats lines, nvpmodel tables, reports). Pure. */
#ifndef JTUNE_CORE_TEXTBUF_H
#define JTUNE_CORE_TEXTBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Append fmt to buf (size bytes, *len of them used). When it does not fit, nothing of it is
 * kept, *full is set (and later appends are ignored), and buf stays NUL-terminated at *len.
 * Returns true when the text was appended. */
bool textbuf_vappend(char *buf, size_t size, size_t *len, bool *full, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

#endif
