/*
 * fp-scalar.S with FPSR.IXC set before every instruction (PRESET_FPSR in
 * fp-test.inc). IXC is cumulative, so once it is set the inexactness of
 * a result no longer matters: Kestrel's helpers then take a host fast
 * path (target/arm/fp-op-helper.c) that this variant compares with the
 * reference, while fp-scalar.S, with FPSR clear, checks IXC itself.
 */
#define FP_TEST_IXC 1
#include "fp-scalar.S"
