/* Ports the hypervisor intercepts. */
#ifndef VMX_IO_PORTS_H
#define VMX_IO_PORTS_H

#define IO_PORT_GUEST_EXIT 0xf4     /* a guest writes its exit status here */

#endif
