/* The hypervisor's walk of the firmware's ACPI tables, RSDP -> RSDT/XSDT ->
 * FADT -> PM1a control port (arch/acpi.c), over tables in fake physical
 * memory. Input: see acpi_input.h. */
#include "arch/acpi.h"
#include "tests/fuzz/acpi_input.h"

static const uint8_t *read_memory(void *ctx, uint64_t address, uint64_t length)
{
	return fake_memory_read(ctx, address, length);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_input a;
	acpi_input_take(&a, data, size);
	static struct fake_memory memory;
	memset(&memory, 0, sizeof(memory));
	fake_memory_add(&memory, a.window_base, a.window, a.window_size);

	uint16_t port = 0;
	if (acpi_find_pm1a_control(a.rsdp, a.rsdp_length, read_memory, &memory, &port)) {
		FUZZ_CHECK(port != 0);
		/* The answer came from memory: a valid RSDP leads to it. */
		FUZZ_CHECK(memory.reads >= 2);
		FUZZ_CHECK(acpi_sum(a.rsdp, 20) == 0);
	}
	fake_memory_release(&memory);
	acpi_input_free(&a);
	return 0;
}
