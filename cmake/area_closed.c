/* SPDX-License-Identifier: MIT */
/* The entry point of the link checks of the areas (jt_AREA_closed): it calls nothing, the
 * whole archive of the area is linked in beside it. */
int main(void);

int main(void) {
    return 0;
}
