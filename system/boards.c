/*
 * The boards linked into kestrel, registered in one visible place. The
 * first board marked is_default is what runs when -M is absent.
 */
#include "hw/core/machine.h"
#include "system/vl.h"

extern const MachineClass null_machine_class;
extern const MachineClass microvm_machine_class;
extern const MachineClass virt_machine_class;

void boards_register_all(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    machine_register(&null_machine_class);
    machine_register(&microvm_machine_class);
    machine_register(&virt_machine_class);
}
