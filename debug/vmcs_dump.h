/* Printing the VMCS by area, with the SDM's field names. */
#ifndef DEBUG_VMCS_DUMP_H
#define DEBUG_VMCS_DUMP_H
#include <stddef.h>

/* area: "guest", "host", "controls", "exit", or NULL for all. Returns -1
 * for an unknown area. */
int vmcs_dump(const char *area, size_t area_length);

#endif
