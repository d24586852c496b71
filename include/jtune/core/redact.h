/* SPDX-License-Identifier: MIT */
/* redact: take serial numbers and MAC addresses out of captured board files (jtune capture
 * without --keep-serial). Pure. */
#ifndef JTUNE_CORE_REDACT_H
#define JTUNE_CORE_REDACT_H

#include <stdbool.h>
#include <stddef.h>

/* The text that replaces a redacted value. */
#define REDACT_MARK "REDACTED"

/* Copy in (len bytes, any content) to out with every MAC address (six hex pairs joined by ':'
 * or '-') turned into xx:xx:xx:xx:xx:xx and every "serial...=VALUE" / "serial...: VALUE"
 * value (up to a blank, NUL or line end) into REDACT_MARK; a whole-file path (see above)
 * becomes REDACT_MARK and its original terminator. outsz must be at least 2 * len + 16.
 * Returns the output length (out is not NUL-terminated beyond it), or -ENOSPC. */
long redact_text(const char *relpath, const char *in, size_t len, char *out, size_t outsz);

#endif
