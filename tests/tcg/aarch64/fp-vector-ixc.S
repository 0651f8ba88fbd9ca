/*
 * fp-vector.S with FPSR.IXC set before every instruction (PRESET_FPSR in
 * fp-test.inc): the fast path of Kestrel's full-width vector helpers
 * (target/arm/fp-op-helper.c) runs only once IXC is set. See
 * fp-scalar-ixc.S.
 */
#define FP_TEST_IXC 1
#include "fp-vector.S"
