/* SPDX-License-Identifier: MIT */
/* fan: PWM, tachometer and who controls the fan.
 *
 * hwmon layout (JetPack 5/6): the hwmon named "pwmfan" (else any hwmon with a pwm1) gives
 * pwm1 (0-255) and pwm1_enable when present; RPM comes from a separate hwmon named
 * "pwm_tach" (file rpm, JetPack 6) or from rpm / fan1_input / rpm_measured in the same
 * directory. Legacy layout (JetPack 4): sys/devices/pwm-fan/{target_pwm, rpm_measured,
 * temp_control}. Profiles: FAN_PROFILE names and FAN_DEFAULT_PROFILE of etc/nvfancontrol.conf.
 *
 * FanSample.control, the first rule that applies:
 *   legacy: temp_control 1 -> "kernel", 0 -> "manual";
 *   an nvfancontrol process runs (proc/<pid>/comm) -> "nvfancontrol:<p>", p from
 *     FAN1:FAN_PROFILE of var/lib/nvfancontrol/status, else the conf's default profile. It
 *     rewrites pwm1 from its curve every few seconds whatever was written by hand;
 *   the tj thermal zone's policy is "user_space" -> "manual" (nothing rewrites pwm1);
 *   otherwise -> "kernel" (the thermal governor drives the pwm-fan cooling device).
 * The process is looked for in proc once at probe; while it lives its comm is held like a
 * setting (one pread per settings period); while none runs, proc is scanned again at most
 * every FAN_SCAN_NS.
 */
#ifndef JTUNE_PLATFORM_JETSON_FAN_H
#define JTUNE_PLATFORM_JETSON_FAN_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

typedef struct {
    AttrId pwm, rpm, enable;
    AttrId status;        /* var/lib/nvfancontrol/status */
    AttrId temp_control;  /* legacy */
    AttrId tj_policy;     /* policy of the tj thermal zone */
    AttrId daemon_comm;   /* proc/<pid>/comm of the running nvfancontrol, or -1 */
    int64_t next_scan_ns; /* earliest monotonic time of the next proc scan */
} FanAttrs;

#define FAN_SCAN_NS 2000000000LL

/* Fill inv->fan (kind FAN_NONE when there is no fan). Always 0. */
int fan_probe(Sysfs *fs, Inventory *inv, FanAttrs *a);

/* Read out->fan; now_ns is the sample's monotonic time (it paces the proc scan). No
 * allocation. */
void fan_read(Sysfs *fs, const Inventory *inv, FanAttrs *a, int64_t now_ns, Sample *out);

/* The pid of a running nvfancontrol: a proc/<pid> whose comm reads "nvfancontrol"; its comm
 * path into comm (may be NULL). The pid, or -ENOENT (none runs) or -errno (no proc). */
int fan_daemon_find(const Sysfs *fs, char *comm, size_t n);

/* FAN_PROFILE names and FAN_DEFAULT_PROFILE of an nvfancontrol.conf text into fan. Pure. */
void fan_parse_conf(const char *text, size_t len, FanInfo *fan);

/* The value of key in an nvfancontrol status text ("FAN1:FAN_PROFILE:quiet" with key
 * "FAN_PROFILE" -> "quiet") into out; 0, -ENOENT (no such line) or -ERANGE. Pure. */
int fan_parse_status(const char *text, size_t len, const char *key, char *out, size_t n);

#endif
