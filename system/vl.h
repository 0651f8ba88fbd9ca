/* The kestrel program: command line to running machine and back. */
#ifndef SYSTEM_VL_H
#define SYSTEM_VL_H

/* Run kestrel with argv; returns the process exit status. */
int kestrel_main(int argc, char **argv);

/* Register every board linked into this binary (system/boards.c). */
void boards_register_all(void);

#endif
