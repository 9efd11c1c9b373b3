/* Watching the guest's serial input for the monitor's key sequence. */
#ifndef DEBUG_SERIAL_INPUT_H
#define DEBUG_SERIAL_INPUT_H
#include "vmx/bitmaps.h"

/* Intercepts reads of COM1's receive buffer (0x3f8) and line status
 * (0x3fd); writes and everything else stay the guest's. */
void serial_input_intercept(struct vmx_bitmaps *b);

#endif
