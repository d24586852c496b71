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
 *   var/lib/nvfancontrol/status has FAN1:FAN_CONTROL:manual (nvfancontrol stopped because
 *     the PWM was written by hand; the simulator models a manual write this way) -> "manual";
 *   the tj thermal zone's policy is "user_space" (jetson_clocks --fan) -> "manual";
 *   var/lib/nvfancontrol/status has FAN1:FAN_PROFILE:<p> -> "nvfancontrol:<p>";
 *   the conf names a default profile <p> -> "nvfancontrol:<p>";
 *   otherwise -> "kernel" (the thermal governor drives the pwm-fan cooling device).
 */
#ifndef JTUNE_PLATFORM_JETSON_FAN_H
#define JTUNE_PLATFORM_JETSON_FAN_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

typedef struct {
    AttrId pwm, rpm, enable;
    AttrId status;       /* var/lib/nvfancontrol/status */
    AttrId temp_control; /* legacy */
    AttrId tj_policy;    /* policy of the tj thermal zone */
} FanAttrs;

/* Fill inv->fan (kind FAN_NONE when there is no fan). Always 0. */
int fan_probe(Sysfs *fs, Inventory *inv, FanAttrs *a);

/* Read out->fan. No allocation. */
void fan_read(Sysfs *fs, const Inventory *inv, const FanAttrs *a, Sample *out);

/* FAN_PROFILE names and FAN_DEFAULT_PROFILE of an nvfancontrol.conf text into fan. Pure. */
void fan_parse_conf(const char *text, size_t len, FanInfo *fan);

/* The value of key in an nvfancontrol status text ("FAN1:FAN_PROFILE:quiet" with key
 * "FAN_PROFILE" -> "quiet") into out; 0, -ENOENT (no such line) or -ERANGE. Pure. */
int fan_parse_status(const char *text, size_t len, const char *key, char *out, size_t n);

#endif
