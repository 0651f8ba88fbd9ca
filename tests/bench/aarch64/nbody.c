/* An n-body step, STEPS times: 5 bodies under gravity, every pair's
 * distance through a square root and a division (FSQRT, FDIV, FMUL,
 * FADD on doubles), positions and velocities updated each step, the
 * energy computed at the end.  The initial state is made up here
 * (orbits of a heavy central body), not astronomical data.
 * -ffp-contract=off: the same rounding on the guest and the host, so
 * the checksum of the bit patterns is exact. */
#include "bench.h"

#define BODIES 5
#ifndef STEPS /* -DSTEPS=n for a shorter run (profiling) */
#define STEPS 400000
#endif

const char bench_name[] = "nbody";
const uint64_t bench_expected = 0xc6e758502fc031f0ull;

struct body {
    double x, y, z, vx, vy, vz, m;
};

static struct body bodies[BODIES];

static uint64_t bits(double d)
{
    union {
        double d;
        uint64_t u;
    } v = {.d = d};
    return v.u;
}

static __attribute__((noinline)) double sqrt_d(double x)
{
#ifdef __aarch64__
    double r;
    __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
    return r;
#else
    return __builtin_sqrt(x);
#endif
}

static void init(void)
{
    bodies[0] = (struct body){0, 0, 0, 0, 0, 0, 1000.0};
    for (int i = 1; i < BODIES; i++) {
        double r = 10.0 * i;
        double v = sqrt_d(1000.0 / r);
        /* Alternate planes and directions so that every axis moves. */
        bodies[i] = (struct body){
            .x = (i & 1) ? r : 0.0,
            .y = (i & 1) ? 0.0 : r,
            .z = 0.5 * i,
            .vx = (i & 1) ? 0.0 : -v,
            .vy = (i & 1) ? v : 0.0,
            .vz = 0.01 * i,
            .m = 1.0 + i,
        };
    }
}

static void step(double dt)
{
    for (int i = 0; i < BODIES; i++) {
        struct body *bi = &bodies[i];
        for (int j = i + 1; j < BODIES; j++) {
            struct body *bj = &bodies[j];
            double dx = bi->x - bj->x, dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double d = sqrt_d(d2);
            double mag = dt / (d2 * d);
            bi->vx -= dx * bj->m * mag;
            bi->vy -= dy * bj->m * mag;
            bi->vz -= dz * bj->m * mag;
            bj->vx += dx * bi->m * mag;
            bj->vy += dy * bi->m * mag;
            bj->vz += dz * bi->m * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double energy(void)
{
    double e = 0.0;
    for (int i = 0; i < BODIES; i++) {
        struct body *bi = &bodies[i];
        e +=
            0.5 * bi->m * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
        for (int j = i + 1; j < BODIES; j++) {
            struct body *bj = &bodies[j];
            double dx = bi->x - bj->x, dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            e -= bi->m * bj->m / sqrt_d(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

uint64_t bench_run(void)
{
    uint64_t h = 0;
    init();
    h = bench_mix(h, bits(energy()));
    for (int s = 0; s < STEPS; s++) {
        step(0.001);
    }
    h = bench_mix(h, bits(energy()));
    for (int i = 0; i < BODIES; i++) {
        h = bench_mix(h, bits(bodies[i].x));
        h = bench_mix(h, bits(bodies[i].y));
        h = bench_mix(h, bits(bodies[i].z));
        h = bench_mix(h, bits(bodies[i].vx));
    }
    return h;
}
